package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.PrintableText;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.SourceRef;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Reads CPUID dumps into host profiles: detects the format from the content (or takes the one
 * forced), reads the first logical CPU and keeps the covered leaves. The entry point for
 * {@code import}, for {@code check} (through the profile loader) and for anything else that takes
 * dumps as input. Inputs are untrusted: nothing here throws on bad content.
 */
public final class DumpImporter {

    private final List<DumpFormat> formats;

    public DumpImporter() {
        this(DumpFormats.all());
    }

    public DumpImporter(List<DumpFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    /** Every host of a file (size-limited like every input), in file order; see {@link #readAll(String, byte[], ImportOptions)}. */
    public List<ImportResult> readAll(Path path, String displayName, ImportOptions options) {
        try {
            return readAll(displayName, TextFiles.readBytes(path), options);
        } catch (YamlInputException e) {
            return List.of(ImportResult.unrecognised(displayName, new InputError(displayName, e.line(), e.getMessage())));
        } catch (IOException e) {
            return List.of(ImportResult.unrecognised(displayName, new InputError(displayName, 0, "cannot be read ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")")));
        }
    }

    /**
     * Every host of a file, in file order: one result for a dump of one machine (or for a file that
     * cannot be read at all), one per node for a list of Kubernetes nodes.
     */
    public List<ImportResult> readAll(String file, byte[] bytes, ImportOptions options) {
        String text;
        try {
            text = DumpText.decode(bytes);
        } catch (YamlInputException e) {
            return List.of(ImportResult.unrecognised(file, new InputError(file, e.line(), e.getMessage())));
        }
        return readTextAll(file, text, options);
    }

    /** The one host of a dump of one machine; a file of several hosts is an error here (use readAll). */
    public ImportResult read(Path path, String displayName, ImportOptions options) {
        return only(displayName, readAll(path, displayName, options));
    }

    public ImportResult read(String file, byte[] bytes, ImportOptions options) {
        return only(file, readAll(file, bytes, options));
    }

    public ImportResult readText(String file, String text, ImportOptions options) {
        return only(file, readTextAll(file, text, options));
    }

    private static ImportResult only(String file, List<ImportResult> results) {
        if (results.size() == 1) {
            return results.get(0);
        }
        return ImportResult.failed(file, results.get(0).format(), List.of(), List.of(new InputError(file, 1,
                "holds " + results.size() + " hosts where one was expected")));
    }

    public List<ImportResult> readTextAll(String file, String text, ImportOptions options) {
        // JSON and XML dumps may be one long line (their parsers are linear); line-oriented dumps may not.
        String start = text.stripLeading();
        char first = start.isEmpty() ? ' ' : start.charAt(0);
        boolean structured = first == '{' || first == '[' || first == '<';
        if (!structured) {
            try {
                TextFiles.requireShortLines(text);
            } catch (YamlInputException e) {
                return List.of(ImportResult.unrecognised(file, new InputError(file, e.line(), e.getMessage())));
            }
        }
        DumpFormat format;
        if (options.format() != null) {
            format = formats.stream().filter(f -> f.id().equalsIgnoreCase(options.format())).findFirst().orElse(null);
            if (format == null) {
                return List.of(ImportResult.unrecognised(file, new InputError(file, 0, "unknown format '"
                        + options.format() + "' (known: " + ids() + ")")));
            }
        } else {
            List<DumpFormat> detected = formats.stream()
                    .filter(f -> (!structured || f.startsWith().indexOf(first) >= 0) && detects(f, text)).toList();
            if (detected.isEmpty()) {
                return List.of(ImportResult.unrecognised(file, new InputError(file, 1, "unknown input format (YAML"
                        + " profiles end in .yaml or .yml; known CPUID dumps: " + ids() + ")")));
            }
            if (detected.size() > 1) {
                return List.of(ImportResult.failed(file, null, List.of(), List.of(new InputError(file, 1,
                        "mixed input formats: the content looks like " + String.join(" and ",
                                detected.stream().map(DumpFormat::id).toList())
                                + "; split the file, or name the format with --from"))));
            }
            format = detected.get(0);
        }
        DumpFormat chosen = format;
        List<DumpReading> readings;
        try {
            readings = chosen.readAll(file, text);
        } catch (RuntimeException | StackOverflowError e) {
            return List.of(internalError(file, chosen.id(), e));
        }
        if (readings.size() > 1 && options.host() != null && !options.host().isBlank()) {
            return List.of(ImportResult.failed(file, chosen.id(), List.of(), List.of(new InputError(file, 1,
                    "--host names one host, but the file holds " + readings.size()
                            + " (each is named as the file names it)"))));
        }
        List<ImportResult> results = new ArrayList<>(readings.size());
        for (DumpReading r : readings) {
            results.add(toProfile(file, r, chosen.id(), chosen.title(), options));
        }
        return results;
    }

    /**
     * Makes the profile from what a source read: keeps the covered leaves, names the host, and
     * writes the comment lines. {@code title} names the source in the first comment line.
     */
    public ImportResult toProfile(String file, DumpReading reading, String formatId, String title,
                                  ImportOptions options) {
        return guarded(file, formatId, () -> build(file, reading, formatId, title, options));
    }

    private static ImportResult guarded(String file, String formatId, Supplier<ImportResult> work) {
        try {
            return work.get();
        } catch (RuntimeException | StackOverflowError e) {
            return internalError(file, formatId, e);
        }
    }

    /** A bug or a pathological input must not stop the batch: reported like any other bad file. */
    private static ImportResult internalError(String file, String formatId, Throwable e) {
        return ImportResult.failed(file, formatId, List.of(), List.of(new InputError(file, 0,
                "cannot import as " + formatId + ": internal error (" + e + ")")));
    }

    private static boolean detects(DumpFormat f, String text) {
        try {
            return f.detect(text);
        } catch (RuntimeException | StackOverflowError e) {
            return false;
        }
    }

    private static ImportResult build(String file, DumpReading reading, String format, String title,
                                      ImportOptions options) {
        if (!reading.ok()) {
            return ImportResult.failed(file, format, reading.warnings(), reading.errors());
        }
        CoveredLeaves.Selection selection = CoveredLeaves.select(reading.cpu());
        if (selection.values().isEmpty()) {
            return ImportResult.failed(file, format, reading.warnings(), List.of(new InputError(file, 1,
                    "the dump has none of the leaves a profile keeps (0, 1, 7, 0xd, 0x80000000-0x80000008)")));
        }
        DumpReading.Origin origin = reading.origin();
        String host = options.host() != null && !options.host().isBlank() ? options.host().trim()
                : origin.host() != null ? origin.host() : hostFromFile(file);
        String cluster = options.cluster() != null ? options.cluster() : origin.cluster();
        // Names reach every report: a file name or option with a bidi override or a control character is refused.
        // A name taken from the file's content (a node's) is reported at the host's line; one from its name, at none.
        int nameLine = origin.host() != null || origin.cluster() != null ? Math.max(1, reading.cpu().firstLine()) : 0;
        for (String[] name : new String[][] {{"host name", host}, {"cluster name", cluster}}) {
            if (name[1] != null && !PrintableText.isPrintable(name[1])) {
                return ImportResult.failed(file, format, reading.warnings(), List.of(new InputError(file, nameLine,
                        name[0] + " '" + PrintableText.sanitize(name[1]) + "' is not printable text (it holds "
                        + PrintableText.firstUnprintableName(name[1])
                        + "); give another with --host or --cluster")));
            }
        }
        // A CPU's brand string is kept, with anything unprintable shown as '?'.
        String description = PrintableText.sanitize(
                !reading.description().isBlank() ? reading.description() : brandString(reading.cpu()));
        int first = reading.cpu().firstLine();
        HostProfile profile = new HostProfile(host, cluster, reading.vendor(), description,
                selection.values(), new SourceRef(file, first > 0 ? first : 1), selection.lines(),
                origin.microcode(), origin.firmware());
        List<String> comments = new ArrayList<>();
        comments.add("source: " + file + " (" + title
                + (reading.cpuLabel().isEmpty() ? "" : ", " + reading.cpuLabel()) + ")");
        comments.addAll(reading.notes());
        comments.addAll(selection.notes());
        return new ImportResult(file, true, format, profile, comments, reading.warnings(), List.of());
    }

    /** The file's name without folders and last extension: {@code dumps/esx-a.txt} -> {@code esx-a}. */
    static String hostFromFile(String file) {
        String name = file.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        name = name.replaceAll("\\p{Cntrl}", "_").trim();
        return name.isEmpty() ? "host" : name;
    }

    /** The processor brand string of leaves 0x80000002-4, when the dump has all three. */
    static String brandString(DumpedCpu cpu) {
        OptionalInt max = cpu.value(0x8000_0000L, 0, Register.EAX);
        if (max.isEmpty() || Integer.toUnsignedLong(max.getAsInt()) < 0x8000_0004L) {
            return "";
        }
        byte[] bytes = new byte[48];
        for (int i = 0; i < 3; i++) {
            for (Register r : Register.values()) {
                OptionalInt v = cpu.value(0x8000_0002L + i, 0, r);
                if (v.isEmpty()) {
                    return "";
                }
                for (int b = 0; b < 4; b++) {
                    bytes[i * 16 + r.ordinal() * 4 + b] = (byte) (v.getAsInt() >>> (8 * b));
                }
            }
        }
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int nul = s.indexOf('\0');
        s = (nul >= 0 ? s.substring(0, nul) : s).replaceAll("[^\\x20-\\x7e]", "").replaceAll("\\s+", " ").trim();
        return s;
    }

    private String ids() {
        return String.join(", ", formats.stream().map(DumpFormat::id).toList());
    }
}
