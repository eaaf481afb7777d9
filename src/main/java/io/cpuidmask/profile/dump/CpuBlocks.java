package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import io.cpuidmask.yaml.TextLines;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The logical CPUs of a dump that lists several (AIDA64, cpuid -r, libcpuid raw), in file order.
 * Records before any CPU header belong to an implicit first CPU.
 */
final class CpuBlocks {

    /** One logical CPU: its label ("logical CPU #0"), the header's line (0 if none) and registers. */
    record Block(String label, int line, DumpedCpu cpu) {
    }

    private final List<Block> blocks = new ArrayList<>();
    private final String implicitLabel;

    CpuBlocks(String implicitLabel) {
        this.implicitLabel = implicitLabel;
    }

    void start(String label, int line) {
        blocks.add(new Block(label, line, new DumpedCpu()));
    }

    /** The CPU records go to now. */
    Block current() {
        if (blocks.isEmpty()) {
            start(implicitLabel, 0);
        }
        return blocks.get(blocks.size() - 1);
    }

    List<Block> all() {
        return blocks.stream().filter(b -> !b.cpu().isEmpty()).toList();
    }

    /**
     * The CPU a profile is made from: CPU 0 ("CPU 0", "logical CPU #0") wherever the dump lists it,
     * as the docs say; else the first one that has registers.
     */
    Block first() {
        List<Block> nonEmpty = all();
        return nonEmpty.stream().filter(b -> b.label().matches(".*[ #]0")).findFirst()
                .orElse(nonEmpty.isEmpty() ? null : nonEmpty.get(0));
    }

    /**
     * The reading of a dump once its lines are read: CPU 0's registers (or the errors, or
     * {@code noRecords} when no CPU has any), a note when there are several, and how they differ.
     *
     * @param cpuWord        "CPUs" or "logical CPUs", as the dump names them
     * @param labelSingleCpu whether the profile names the CPU even when the dump has only one
     */
    DumpReading reading(String file, List<InputError> errors, List<InputError> warnings, String noRecords,
                        String cpuWord, List<String> notes, boolean labelSingleCpu) {
        Block first = first();
        if (first == null && errors.isEmpty()) {
            errors.add(new InputError(file, 1, noRecords));
        }
        if (!errors.isEmpty()) {
            return DumpReading.failed(errors);
        }
        List<String> allNotes = new ArrayList<>(notes);
        if (all().size() > 1) {
            allNotes.add(all().size() + " " + cpuWord + " in the dump; this profile is " + first.label() + ".");
        }
        List<InputError> allWarnings = new ArrayList<>(warnings);
        allWarnings.addAll(LogicalCpuComparison.compare(file, all()));
        return new DumpReading(first.cpu(), labelSingleCpu || all().size() > 1 ? first.label() : "", null, "",
                allNotes, allWarnings, List.of());
    }

    /**
     * The error for a line that looks like a record but is not one (or a record cut off at the end
     * of the file), or empty for a line that is no record at all (free text).
     */
    static Optional<InputError> malformed(String file, TextLines lines, int n, Pattern recordLike, Pattern cutRecord,
                                          String cutKind, String malformedKind, String expected) {
        String l = lines.line(n);
        boolean cut = lines.unterminated(n) && cutRecord.matcher(l).matches();
        if (!cut && !recordLike.matcher(l).matches()) {
            return Optional.empty();
        }
        return Optional.of(new InputError(file, n, (lines.unterminated(n) ? "file ends in the middle of a " + cutKind
                + " (truncated?): " : "malformed " + malformedKind + " ") + DumpText.quote(l) + " (expected " + expected + ")"));
    }
}
