package io.cpuidmask.profile.dump;

import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The registers one logical CPU shows in a dump, each with its line. Dumps give whole leaves
 * (AIDA64, cpuid -r) or single registers (VMware boot CD, /proc/cpuinfo); both land here.
 */
public final class DumpedCpu {

    private final SortedMap<RegisterKey, Integer> values = new TreeMap<>();
    private final Map<RegisterKey, Integer> lines = new HashMap<>();

    /** Adds a whole leaf; false (and nothing changed) if any of its registers is already known. */
    public boolean putRow(CpuidRow row) {
        for (Register r : Register.values()) {
            if (values.containsKey(RegisterKey.of(row.leaf(), row.subleaf(), r))) {
                return false;
            }
        }
        for (Register r : Register.values()) {
            put(RegisterKey.of(row.leaf(), row.subleaf(), r), row.get(r), row.line());
        }
        return true;
    }

    /** Adds one register; false (and nothing changed) if it is already known. */
    public boolean putRegister(RegisterKey key, int value, int line) {
        if (values.containsKey(key)) {
            return false;
        }
        put(key, value, line);
        return true;
    }

    /** Leaf 0 EBX, EDX, ECX: the 12-character vendor string, little-endian, as CPUID spells it. */
    public void putVendor(String vendor, int line) {
        byte[] b = vendor.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (b.length != 12) {
            throw new IllegalArgumentException("a CPUID vendor string has 12 characters: " + vendor);
        }
        putRegister(RegisterKey.of(0, Register.EBX), word(b, 0), line);
        putRegister(RegisterKey.of(0, Register.EDX), word(b, 4), line);
        putRegister(RegisterKey.of(0, Register.ECX), word(b, 8), line);
    }

    private static int word(byte[] b, int offset) {
        return (b[offset] & 0xff) | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff) << 16 | (b[offset + 3] & 0xff) << 24;
    }

    private void put(RegisterKey key, int value, int line) {
        values.put(key, value);
        if (line > 0) {
            lines.put(key, line);
        }
    }

    public OptionalInt value(long leaf, int subleaf, Register r) {
        Integer v = values.get(RegisterKey.of(leaf, subleaf, r));
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    public boolean has(long leaf, int subleaf) {
        for (Register r : Register.values()) {
            if (values.containsKey(RegisterKey.of(leaf, subleaf, r))) {
                return true;
            }
        }
        return false;
    }

    /** Line of a register, or 0 when unknown. */
    public int lineOf(RegisterKey key) {
        return lines.getOrDefault(key, 0);
    }

    /** First line of any register of the leaf/subleaf, or 0. */
    public int lineOf(long leaf, int subleaf) {
        for (Register r : Register.values()) {
            int l = lineOf(RegisterKey.of(leaf, subleaf, r));
            if (l > 0) {
                return l;
            }
        }
        return 0;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public SortedMap<RegisterKey, Integer> values() {
        return Collections.unmodifiableSortedMap(values);
    }

    /** Smallest line of any register, or 0. */
    public int firstLine() {
        return lines.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    }
}
