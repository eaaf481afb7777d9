package io.cpuidmask.model;

import java.util.Locale;

/** Severity of a finding; the order is from most to least severe. */
public enum Severity {
    ERROR, WARNING, INFO;

    public static Severity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown severity '" + s + "' (expected ERROR, WARNING or INFO)");
        }
    }
}
