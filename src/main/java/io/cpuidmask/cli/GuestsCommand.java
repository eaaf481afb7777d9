package io.cpuidmask.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.model.InputError;
import io.cpuidmask.report.SafeText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cpuidmask guests}: the guest catalogues a check can use, the ids {@code --guest} and
 * {@code cpuidmask.yaml}'s {@code guests} take, with what each one is.
 */
@Command(name = "guests",
        description = "List the guest catalogues (the ids --guest takes) with their operating system, bits and description.")
public final class GuestsCommand extends AbstractCommand {

    /** Output formats of {@code guests}. */
    public enum Format { text, json }

    @Option(names = "--catalog", paramLabel = "DIR", description = "Folder of guest mask catalogues (default: rules/masks/).")
    Path catalog = Path.of("rules", "masks");

    @Option(names = "--format", paramLabel = "F", description = "Output on stdout: ${COMPLETION-CANDIDATES} (default: text).")
    Format format = Format.text;

    @Override
    protected ExitCode execute() throws Exception {
        CatalogLoader.Loaded loaded = new CatalogLoader().load(catalog);
        for (InputError e : loaded.errors()) {
            err().println(SafeText.cleanLine(e.render()));
        }
        List<GuestCatalog> guests = List.copyOf(loaded.guests().values());
        PrintWriter out = out();
        if (format == Format.json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (GuestCatalog g : guests) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", g.guest());
                row.put("description", g.description());
                row.put("os", g.os());
                row.put("bits", g.bits());
                row.put("minimum", g.minimum());
                row.put("file", g.file());
                rows.add(row);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            int width = guests.stream().mapToInt(g -> g.guest().length()).max().orElse(0);
            for (GuestCatalog g : guests) {
                out.printf("%-" + width + "s  %-7s  %2d-bit  %s%n", g.guest(), g.os(), g.bits(),
                        g.description() == null ? "" : g.description());
            }
            out.printf("%d guest catalogues in %s%n", guests.size(), ReportOutput.display(catalog));
        }
        out.flush();
        return loaded.errors().isEmpty() ? ExitCode.OK : ExitCode.INPUT_ERROR;
    }
}
