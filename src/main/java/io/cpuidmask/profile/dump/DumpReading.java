package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import java.util.List;

/**
 * What one format read from one file about one host: the CPU to profile (logical CPU 0), what
 * else the dump says about it, and the problems. Any error means this reading gives no host.
 *
 * @param cpu         registers of the CPU that is profiled
 * @param cpuLabel    which CPU of the dump that is ("logical CPU #0"), or empty
 * @param vendor      vendor string when the dump gives it outside leaf 0, else null
 * @param description free text for the profile (model name), or empty
 * @param notes       facts for the profile's comment lines (how the values were derived)
 * @param warnings    problems that do not stop the import
 * @param errors      problems that do
 * @param origin      what the dump says about the host beyond its CPUID
 */
public record DumpReading(DumpedCpu cpu, String cpuLabel, String vendor, String description,
                          List<String> notes, List<InputError> warnings, List<InputError> errors, Origin origin) {

    /**
     * What a dump may say about its host besides the registers; null fields: the dump does not say.
     *
     * @param host      the host's name in the dump (a Kubernetes node's name), used when no --host is given
     * @param cluster   the cluster the dump names, used when no --cluster is given
     * @param microcode the microcode revision
     * @param firmware  the BIOS/UEFI version, already checked printable and bounded by the format
     */
    public record Origin(String host, String cluster, Long microcode, String firmware) {

        public static final Origin NONE = new Origin(null, null, null, null);
    }

    public DumpReading {
        cpuLabel = cpuLabel == null ? "" : cpuLabel;
        description = description == null ? "" : description;
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
        origin = origin == null ? Origin.NONE : origin;
    }

    /** A reading of a dump that says nothing about its host beyond the registers. */
    public DumpReading(DumpedCpu cpu, String cpuLabel, String vendor, String description,
                       List<String> notes, List<InputError> warnings, List<InputError> errors) {
        this(cpu, cpuLabel, vendor, description, notes, warnings, errors, Origin.NONE);
    }

    public static DumpReading failed(List<InputError> errors) {
        return new DumpReading(new DumpedCpu(), "", null, "", List.of(), List.of(), errors);
    }

    /** The same reading with more warnings (the snapshot adds its virtual-machine warning). */
    public DumpReading withWarnings(List<InputError> more) {
        List<InputError> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new DumpReading(cpu, cpuLabel, vendor, description, notes, all, errors, origin);
    }

    /** The same reading with what else is known about its host, and notes on where that came from. */
    public DumpReading withOrigin(Origin other, List<String> moreNotes) {
        List<String> all = new java.util.ArrayList<>(notes);
        all.addAll(moreNotes);
        return new DumpReading(cpu, cpuLabel, vendor, description, all, warnings, errors, other);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
