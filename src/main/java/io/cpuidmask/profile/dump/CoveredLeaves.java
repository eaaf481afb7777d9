package io.cpuidmask.profile.dump;

import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The leaves a profile keeps (identity and feature leaves; everything else in a dump is left out
 * so profiles stay small), and the rule for leaves above the CPU's maximum: a real CPU reads
 * them as zeros whatever a dump shows there (libcpuid, for one, repeats the last leaf's data).
 */
final class CoveredLeaves {

    /** A leaf and subleaf kept in profiles. */
    record Leaf(long leaf, int subleaf) {
        String describe() {
            return String.format("leaf 0x%08x", leaf) + (leaf == 7 || leaf == 0xD ? " subleaf " + subleaf : "");
        }
    }

    static final List<Leaf> COVERED = List.of(
            new Leaf(0x0, 0), new Leaf(0x1, 0), new Leaf(0x7, 0), new Leaf(0x7, 1), new Leaf(0xD, 1),
            new Leaf(0x8000_0000L, 0), new Leaf(0x8000_0001L, 0), new Leaf(0x8000_0007L, 0),
            new Leaf(0x8000_0008L, 0));

    /** The profile's registers, the line of each, and notes on what was zeroed or left out. */
    record Selection(SortedMap<RegisterKey, Integer> values, Map<RegisterKey, Integer> lines, List<String> notes) {
    }

    private CoveredLeaves() {
    }

    static Selection select(DumpedCpu cpu) {
        SortedMap<RegisterKey, Integer> values = new TreeMap<>();
        Map<RegisterKey, Integer> lines = new HashMap<>();
        List<String> notes = new ArrayList<>();
        for (Leaf leaf : COVERED) {
            Limit limit = aboveMaximum(cpu, leaf);
            if (limit != null) {
                int line = cpu.lineOf(limit.source());
                for (Register r : Register.values()) {
                    RegisterKey key = RegisterKey.of(leaf.leaf(), leaf.subleaf(), r);
                    values.put(key, 0);
                    if (line > 0) {
                        lines.put(key, line);
                    }
                }
                notes.add(leaf.describe() + " is above " + limit.reason() + ": written as zeros.");
                continue;
            }
            List<String> missing = new ArrayList<>();
            for (Register r : Register.values()) {
                OptionalInt v = cpu.value(leaf.leaf(), leaf.subleaf(), r);
                RegisterKey key = RegisterKey.of(leaf.leaf(), leaf.subleaf(), r);
                if (v.isPresent()) {
                    values.put(key, v.getAsInt());
                    if (cpu.lineOf(key) > 0) {
                        lines.put(key, cpu.lineOf(key));
                    }
                } else {
                    missing.add(r.id());
                }
            }
            if (missing.size() == 4) {
                notes.add(leaf.describe() + " is not in the dump: omitted (unknown).");
            } else if (!missing.isEmpty()) {
                notes.add(leaf.describe() + ": " + String.join(", ", missing) + " not in the dump: omitted (unknown).");
            }
        }
        return new Selection(values, lines, notes);
    }

    /** Why a leaf reads as zero, and the register that says so. */
    private record Limit(String reason, RegisterKey source) {
    }

    /** Why the leaf reads as zero on this CPU, or null when it does not (or cannot be told). */
    private static Limit aboveMaximum(DumpedCpu cpu, Leaf leaf) {
        long l = leaf.leaf();
        if (l != 0 && l < 0x8000_0000L) {
            OptionalInt max = cpu.value(0, 0, Register.EAX);
            if (max.isPresent() && l > Integer.toUnsignedLong(max.getAsInt())) {
                return new Limit(String.format("the maximum basic leaf (0x%08x)", max.getAsInt()),
                        RegisterKey.of(0, Register.EAX));
            }
        }
        if (l > 0x8000_0000L) {
            OptionalInt max = cpu.value(0x8000_0000L, 0, Register.EAX);
            if (max.isPresent() && l > maxExtended(max.getAsInt())) {
                return new Limit(String.format("the maximum extended leaf (0x%08x)", max.getAsInt()),
                        RegisterKey.of(0x8000_0000L, Register.EAX));
            }
        }
        if (l == 7 && leaf.subleaf() > 0) {
            OptionalInt maxSub = cpu.value(7, 0, Register.EAX);
            if (maxSub.isPresent() && Integer.toUnsignedLong(leaf.subleaf()) > Integer.toUnsignedLong(maxSub.getAsInt())) {
                return new Limit("the highest subleaf of leaf 7 (7.0 eax = " + maxSub.getAsInt() + ")",
                        RegisterKey.of(7, Register.EAX));
            }
        }
        return null;
    }

    /** 0x80000000 EAX below 0x80000000 means the CPU has no extended leaves at all. */
    private static long maxExtended(int eax) {
        long v = Integer.toUnsignedLong(eax);
        return v < 0x8000_0000L ? 0x8000_0000L : v;
    }
}
