package io.cpuidmask.model;

/** Parses register and leaf values as the profile contract writes them (docs/FORMATS.md). */
public final class RegisterValues {

    private RegisterValues() {
    }

    /**
     * A register value: {@code 0x} and 1-8 hex digits, or 32 binary digits with optional space
     * or ':' separators. Bare digits are rejected because they are ambiguous (hex or decimal?).
     */
    public static int parseRegister(String text) {
        int fast = text == null ? -1 : hexDigitsAt(text, 8);
        if (fast >= 0) {
            return (int) parseHex(text, fast);
        }
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("register value is empty");
        }
        if (s.startsWith("0x") || s.startsWith("0X")) {
            String digits = s.substring(2);
            if (digits.isEmpty() || digits.length() > 8 || !digits.chars().allMatch(RegisterValues::isHex)) {
                throw new IllegalArgumentException("register value '" + s
                        + "' must be 0x followed by 1 to 8 hex digits");
            }
            return (int) Long.parseLong(digits, 16);
        }
        String binary = s.replace(" ", "").replace(":", "");
        if (binary.length() == 32 && binary.chars().allMatch(c -> c == '0' || c == '1')) {
            return (int) Long.parseLong(binary, 2);
        }
        if (s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("register value '" + s
                    + "' is bare digits: write 0x" + s + " for hex or 32 binary digits");
        }
        if (binary.chars().allMatch(c -> c == '0' || c == '1')) {
            throw new IllegalArgumentException("binary register value '" + s + "' has " + binary.length()
                    + " digits, needs 32");
        }
        throw new IllegalArgumentException("register value '" + s
                + "' is neither 0x hexadecimal (1-8 digits) nor 32 binary digits");
    }

    /** A leaf number: {@code 0x} and 1-8 hex digits. */
    public static long parseLeaf(String text) {
        int fast = text == null ? -1 : hexDigitsAt(text, 8);
        if (fast >= 0) {
            return parseHex(text, fast);
        }
        String s = text == null ? "" : text.trim();
        if ((s.startsWith("0x") || s.startsWith("0X")) && s.length() > 2 && s.length() <= 10
                && s.substring(2).chars().allMatch(RegisterValues::isHex)) {
            return Long.parseLong(s.substring(2), 16);
        }
        throw new IllegalArgumentException("leaf '" + s + "' must be 0x followed by 1 to 8 hex digits, e.g. 0x00000001");
    }

    /**
     * A microcode revision: {@code 0x} and 1-8 hex digits, as Linux prints it in /proc/cpuinfo
     * ({@code 0xde}); like register values, bare digits are refused as ambiguous.
     */
    public static long parseMicrocode(String text) {
        String s = text == null ? "" : text.trim();
        int digits = hexDigitsAt(s, 8);
        if (digits < 0) {
            throw new IllegalArgumentException("microcode revision '" + s
                    + "' must be 0x followed by 1 to 8 hex digits, e.g. 0xde");
        }
        return parseHex(s, digits);
    }

    /** {@code 0xde}: a microcode revision as Linux and the profiles write it. */
    public static String microcodeHex(long revision) {
        return "0x" + Long.toHexString(revision);
    }

    /** A subleaf: a decimal number, or {@code 0x} hex, at most 0x7fffffff (real subleaves are small). */
    public static int parseSubleaf(String text) {
        return Numbers.parseInt(text, Integer.MAX_VALUE, "subleaf");
    }

    /**
     * The common form, checked without building strings (profiles hold millions of these): {@code 0x}
     * and 1 to {@code maxDigits} hex digits, nothing around. Returns the digit count, or -1.
     */
    private static int hexDigitsAt(String s, int maxDigits) {
        int n = s.length() - 2;
        if (n < 1 || n > maxDigits || s.charAt(0) != '0' || (s.charAt(1) != 'x' && s.charAt(1) != 'X')) {
            return -1;
        }
        for (int i = 2; i < s.length(); i++) {
            if (!isHex(s.charAt(i))) {
                return -1;
            }
        }
        return n;
    }

    private static long parseHex(String s, int digits) {
        long v = 0;
        for (int i = 2; i < 2 + digits; i++) {
            v = v << 4 | Character.digit(s.charAt(i), 16);
        }
        return v;
    }

    public static String hex(int value) {
        return String.format("0x%08x", value);
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
