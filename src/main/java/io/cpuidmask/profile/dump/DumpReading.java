package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import java.util.List;

/**
 * What one format read from one file: the CPU to profile (logical CPU 0), what else the dump
 * says about it, and the problems. Any error means the file gives no host.
 *
 * @param cpu         registers of the CPU that is profiled
 * @param cpuLabel    which CPU of the dump that is ("logical CPU #0"), or empty
 * @param vendor      vendor string when the dump gives it outside leaf 0, else null
 * @param description free text for the profile (model name), or empty
 * @param notes       facts for the profile's comment lines (how the values were derived)
 * @param warnings    problems that do not stop the import
 * @param errors      problems that do
 */
public record DumpReading(DumpedCpu cpu, String cpuLabel, String vendor, String description,
                          List<String> notes, List<InputError> warnings, List<InputError> errors) {

    public DumpReading {
        cpuLabel = cpuLabel == null ? "" : cpuLabel;
        description = description == null ? "" : description;
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    public static DumpReading failed(List<InputError> errors) {
        return new DumpReading(new DumpedCpu(), "", null, "", List.of(), List.of(), errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
