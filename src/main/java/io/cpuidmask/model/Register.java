package io.cpuidmask.model;

import java.util.Locale;

/** One of the four 32-bit registers CPUID returns. */
public enum Register {
    EAX, EBX, ECX, EDX;

    /** Made once: every finding's message and every report line names a register. */
    private final String id = name().toLowerCase(Locale.ROOT);

    /** Lower-case name as used in profiles, catalogues and reports. */
    public String id() {
        return id;
    }

    public static Register parse(String text) {
        for (Register r : values()) {
            if (r.id().equalsIgnoreCase(text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown register '" + text + "' (expected eax, ebx, ecx or edx)");
    }

    @Override
    public String toString() {
        return id();
    }
}
