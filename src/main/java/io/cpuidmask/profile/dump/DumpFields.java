package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.PrintableText;
import java.util.List;

/** The checks a dump's host fields get before they reach a profile, as in YAML profiles (docs/TRUST.md). */
final class DumpFields {

    private DumpFields() {
    }

    /**
     * A firmware version as a profile keeps it: trimmed, or null when blank; an unprintable or
     * over-long one is an error at its line (it would reach every report).
     */
    static String firmware(String file, int line, String text, List<InputError> errors) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            return null;
        }
        if (!PrintableText.isPrintable(s)) {
            errors.add(new InputError(file, line, "firmware version is not printable text (it holds "
                    + PrintableText.firstUnprintableName(s) + ")"));
            return null;
        }
        if (s.length() > HostProfile.MAX_FIRMWARE_CHARS) {
            errors.add(new InputError(file, line, "firmware version is " + s.length()
                    + " characters long, over the limit of " + HostProfile.MAX_FIRMWARE_CHARS));
            return null;
        }
        return s;
    }
}
