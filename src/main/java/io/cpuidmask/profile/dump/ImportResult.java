package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import java.util.List;

/**
 * The outcome of importing one file.
 *
 * @param file       the file as the user named it
 * @param recognised whether the content is a known dump format (an unrecognised file inside a
 *                   folder is simply not an input; one named directly is an error)
 * @param format     id of the format read ({@code aida64}, ...), or null
 * @param profile    the host profile, or null when there were errors
 * @param comments   lines for the profile's comment header: source, format, derivations
 * @param warnings   problems that did not stop the import
 * @param errors     problems that did
 */
public record ImportResult(String file, boolean recognised, String format, HostProfile profile,
                           List<String> comments, List<InputError> warnings, List<InputError> errors) {

    public ImportResult {
        comments = List.copyOf(comments);
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    static ImportResult unrecognised(String file, InputError error) {
        return new ImportResult(file, false, null, null, List.of(), List.of(), List.of(error));
    }

    static ImportResult failed(String file, String format, List<InputError> warnings, List<InputError> errors) {
        return new ImportResult(file, true, format, null, List.of(), warnings, errors);
    }

    public boolean ok() {
        return profile != null && errors.isEmpty();
    }
}
