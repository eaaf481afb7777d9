package io.cpuidmask.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON's own escapes plus {@link SafeText}'s: every character SafeText would not let through is
 * written as the {@code \}{@code uXXXX} (lower-case hex) that SafeText's filter writes, so a JSON
 * report written to bytes directly reads exactly as one written through the filter.
 */
final class SafeJsonEscapes extends CharacterEscapes {

    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
        for (char c = 0; c < ASCII.length; c++) {
            // JSON escapes the controls below space itself; DEL is SafeText's alone
            if (ASCII[c] == 0 && SafeText.unsafe(c)) {
                ASCII[c] = ESCAPE_CUSTOM;
            }
        }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    /** Asked for every character above ASCII: null writes it as it is. */
    @Override
    public SerializableString getEscapeSequence(int ch) {
        return SafeText.unsafe((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
}
