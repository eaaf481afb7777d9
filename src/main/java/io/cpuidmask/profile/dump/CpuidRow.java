package io.cpuidmask.profile.dump;

import io.cpuidmask.model.Register;

/**
 * One CPUID result as a dump shows it: the inputs (leaf, subleaf), the four output registers
 * and the 1-based line it came from (0 when it came from no file, e.g. the cpuid device).
 */
public record CpuidRow(long leaf, int subleaf, int eax, int ebx, int ecx, int edx, int line) {

    public CpuidRow {
        if (leaf < 0 || leaf > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("leaf out of range: " + leaf);
        }
        if (subleaf < 0) {
            throw new IllegalArgumentException("subleaf must not be negative: " + subleaf);
        }
    }

    public int get(Register r) {
        return switch (r) {
            case EAX -> eax;
            case EBX -> ebx;
            case ECX -> ecx;
            case EDX -> edx;
        };
    }
}
