package io.cpuidmask.model;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Identifies one CPUID output register: leaf (EAX input), subleaf (ECX input) and register.
 * The leaf is kept as a long so that extended leaves (0x8000_0000 and up) sort naturally.
 */
public record RegisterKey(long leaf, int subleaf, Register register) implements Comparable<RegisterKey> {

    public RegisterKey {
        if (leaf < 0 || leaf > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("leaf out of range: " + leaf);
        }
        if (subleaf < 0) {
            throw new IllegalArgumentException("subleaf must not be negative: " + subleaf);
        }
        if (register == null) {
            throw new IllegalArgumentException("register is required");
        }
    }

    /**
     * Keys of the usual leaves (0 to 0x3f and 0x80000000 to 0x8000003f, subleaves up to 255) are
     * interned: a large estate holds millions of register references, and profiles name the same few.
     */
    private static final AtomicReferenceArray<RegisterKey> INTERNED =
            new AtomicReferenceArray<>(128 << 10);

    public static RegisterKey of(long leaf, int subleaf, Register register) {
        int slot = slot(leaf, subleaf, register);
        if (slot < 0) {
            return new RegisterKey(leaf, subleaf, register);
        }
        RegisterKey k = INTERNED.get(slot);
        if (k == null) {
            k = new RegisterKey(leaf, subleaf, register);
            if (!INTERNED.compareAndSet(slot, null, k)) {
                k = INTERNED.get(slot);
            }
        }
        return k;
    }

    private static int slot(long leaf, int subleaf, Register register) {
        int l = leaf >= 0 && leaf < 0x40 ? (int) leaf
                : leaf >= 0x8000_0000L && leaf < 0x8000_0040L ? (int) (leaf - 0x8000_0000L) + 0x40 : -1;
        if (l < 0 || subleaf < 0 || subleaf > 0xFF || register == null) {
            return -1;
        }
        return l << 10 | subleaf << 2 | register.ordinal();
    }

    public static RegisterKey of(long leaf, Register register) {
        return of(leaf, 0, register);
    }

    /** The leaf as 8 lower-case hex digits, as the report schema wants it. */
    public String leafHex() {
        String hex = Long.toHexString(leaf); // not String.format: reports name millions of registers
        return hex.length() >= 8 ? hex : "00000000".substring(hex.length()) + hex;
    }

    /** {@code 00000001.ecx}, or {@code 00000007.1.eax} for a non-zero subleaf. */
    public String label() {
        return leafHex() + (subleaf == 0 ? "" : "." + subleaf) + "." + register.id();
    }

    /**
     * The name VMware's .vmx uses for the register ({@code cpuid.1.ecx}, {@code cpuid.80000001.edx});
     * the subleaf appears only where it is non-zero.
     */
    public String vmxName() {
        return "cpuid." + Long.toHexString(leaf) + (subleaf == 0 ? "" : "." + subleaf) + "." + register.id();
    }

    /** Leaf, then subleaf, then register: written out, as maps of registers compare keys millions of times. */
    @Override
    public int compareTo(RegisterKey o) {
        int c = Long.compare(leaf, o.leaf);
        if (c == 0) {
            c = Integer.compare(subleaf, o.subleaf);
        }
        return c != 0 ? c : register.compareTo(o.register);
    }

    @Override
    public String toString() {
        return label();
    }
}
