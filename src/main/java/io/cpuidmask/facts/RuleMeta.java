package io.cpuidmask.facts;

/** Reads rule metadata values. */
public final class RuleMeta {

    private RuleMeta() {
    }

    /** A metadata value as text, without the quotes DRL may leave on it. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString().trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.isEmpty() ? null : s;
    }
}
