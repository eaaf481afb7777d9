package io.cpuidmask.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.engine.PolicySources;
import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.InputError;
import io.cpuidmask.report.SafeText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code cpuidmask guests}: the guest catalogues a check can use, the ids {@code --guest} and
 * {@code cpuidmask.yaml}'s {@code guests} take, with what each one is.
 */
@Command(name = "guests",
        description = "List the guest catalogues (the ids --guest takes) with their operating system, bits and description: "
                + "those of the shipped policy, or of --rules, --site and --catalog as check takes them.")
public final class GuestsCommand extends AbstractCommand {

    /** The same policy folders as check's: the guests listed are the ones check would use. */
    @CommandLine.Mixin
    RulesCommand.PolicyFolders folders = new RulesCommand.PolicyFolders();

    @CommandLine.Mixin
    StdoutFormat format = new StdoutFormat();

    @Override
    protected ExitCode execute() throws Exception {
        PolicySources sources = folders.sources();
        CatalogLoader.Loaded loaded = new CatalogLoader().load(sources.catalogFolders());
        List<InputError> errors = new ArrayList<>(sources.errors());
        // check's rule compiler says these; guests compiles nothing, so it says them itself
        folders.rules.stream().filter(f -> !Files.isDirectory(f))
                .forEach(f -> errors.add(new InputError(InputFiles.display(f), 0, "rules folder not found")));
        folders.sites.stream().filter(f -> !Files.isDirectory(f))
                .forEach(f -> errors.add(new InputError(InputFiles.display(f), 0, "site folder not found")));
        errors.addAll(loaded.errors());
        if (loaded.guests().isEmpty() && errors.isEmpty()) {
            errors.add(new InputError(folders.catalog == null ? "(policy)" : InputFiles.display(folders.catalog), 0,
                    "no guest catalogues found"));
        }
        for (InputError e : errors) {
            err().println(SafeText.cleanLine(e.render()));
        }
        List<GuestCatalog> guests = List.copyOf(loaded.guests().values());
        PrintWriter out = out();
        if (format.json()) {
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
            out.printf("%d guest catalogues%n", guests.size());
        }
        out.flush();
        return errors.isEmpty() ? ExitCode.OK : ExitCode.INPUT_ERROR;
    }
}
