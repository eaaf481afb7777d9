package io.cpuidmask.model;

/**
 * The one strict reader of the whole numbers inputs carry (subleaves, leaf counts, libvirt's
 * {@code eax_in}, vSphere's {@code Level}, /proc/cpuinfo's family): ASCII digits only (Java's own
 * parsers also take Arabic-Indic and other Unicode digits), decimal or {@code 0x} hexadecimal, no sign
 * (so no {@code 0x-0}), no overflow (no {@code 2^64+1} read as 1), no clamping, at most {@code max}.
 */
public final class Numbers {

    private Numbers() {
    }

    /**
     * @param text  the number, surrounding white space allowed
     * @param max   the largest value allowed
     * @param what  what the number is, for the message ({@code "subleaf"})
     * @throws IllegalArgumentException with a message that names {@code what}
     */
    public static long parseUnsigned(String text, long max, String what) {
        String s = text == null ? "" : text.strip();
        boolean hex = s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
        int radix = hex ? 16 : 10;
        int start = hex ? 2 : 0;
        if (s.length() == start) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a number (decimal, or 0x hexadecimal)");
        }
        long value = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw new IllegalArgumentException(what + " '" + s + "' is not a number (decimal, or 0x hexadecimal,"
                        + " ASCII digits only)");
            }
            if (value > (max - d) / radix) {
                throw new IllegalArgumentException(what + " '" + s + "' is over the largest allowed, " + max
                        + String.format(" (0x%x)", max));
            }
            value = value * radix + d;
        }
        return value;
    }

    /** {@link #parseUnsigned} for an int result. */
    public static int parseInt(String text, int max, String what) {
        return (int) parseUnsigned(text, max, what);
    }
}
