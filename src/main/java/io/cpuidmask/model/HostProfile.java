package io.cpuidmask.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * One host's CPUID profile. Registers the profile does not give are unknown, not zero, except
 * where leaf 0 or 0x80000000 says the leaf is above the CPU's maximum: those read as zero.
 *
 * @param host        unique host name
 * @param cluster     the cluster the host belongs to
 * @param vendor      vendor string ("GenuineIntel"), from the profile or decoded from leaf 0; may be null
 * @param description free text, may be empty
 * @param registers   known register values
 * @param source      where the profile came from (file and line of the host entry)
 * @param lines       line of each register value in the source, where known
 * @param microcode   the CPU's microcode revision (32 bits), or null when the source does not say
 * @param firmware    the BIOS/UEFI version string, or null when the source does not say
 */
public record HostProfile(String host, String cluster, String vendor, String description,
                          SortedMap<RegisterKey, Integer> registers, SourceRef source,
                          Map<RegisterKey, Integer> lines, Long microcode, String firmware) {

    public static final String DEFAULT_CLUSTER = "default";
    public static final long MAX_BASIC_LEAF = 0x0L;
    public static final long MAX_EXTENDED_LEAF = 0x8000_0000L;
    /** Longest firmware version kept: real ones are short ("2.19.0", "U30 v2.80 (10/04/2023)"). */
    public static final int MAX_FIRMWARE_CHARS = 128;

    public HostProfile {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host name is required");
        }
        cluster = cluster == null || cluster.isBlank() ? DEFAULT_CLUSTER : cluster;
        description = description == null ? "" : description;
        if (microcode != null && (microcode < 0 || microcode > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("microcode revision " + microcode + " is not a 32-bit number");
        }
        firmware = firmware == null || firmware.isBlank() ? null : firmware.trim();
        if (firmware != null && (firmware.length() > MAX_FIRMWARE_CHARS || !PrintableText.isPrintable(firmware))) {
            throw new IllegalArgumentException("firmware version must be printable text of at most "
                    + MAX_FIRMWARE_CHARS + " characters");
        }
        registers = RegisterTable.of(registers);
        lines = lines == null ? RegisterTable.EMPTY : RegisterTable.of(lines);
        if (vendor == null || vendor.isBlank()) {
            vendor = decodeVendor(registers).orElse(null);
        }
    }

    /** A profile without microcode or firmware information. */
    public HostProfile(String host, String cluster, String vendor, String description,
                       SortedMap<RegisterKey, Integer> registers, SourceRef source, Map<RegisterKey, Integer> lines) {
        this(host, cluster, vendor, description, registers, source, lines, null, null);
    }

    /** This profile with its tables shared with the equal ones of other hosts (see {@link RegisterTable.Interner}). */
    public HostProfile sharing(RegisterTable.Interner interner) {
        return new HostProfile(host, cluster, vendor, description, interner.table(registers), source,
                interner.keys(lines), microcode, firmware);
    }

    /**
     * The value of a register: as given, or zero when the leaf lies above the maximum leaf that
     * leaf 0 / 0x80000000 reports, or empty when unknown.
     */
    public OptionalInt value(RegisterKey key) {
        Integer v = registers.get(key);
        if (v != null) {
            return OptionalInt.of(v);
        }
        long base = key.leaf() >= MAX_EXTENDED_LEAF ? MAX_EXTENDED_LEAF : MAX_BASIC_LEAF;
        Integer max = registers.get(RegisterKey.of(base, Register.EAX));
        if (max != null && key.leaf() > Integer.toUnsignedLong(max) && key.leaf() != base) {
            return OptionalInt.of(0);
        }
        // Leaf 7 subleaf 0 EAX is the highest valid subleaf of leaf 7; higher ones read as zero.
        if (key.leaf() == 7 && key.subleaf() > 0) {
            Integer maxSub = registers.get(RegisterKey.of(7, Register.EAX));
            if (maxSub != null && Integer.toUnsignedLong(key.subleaf()) > Integer.toUnsignedLong(maxSub)) {
                return OptionalInt.of(0);
            }
        }
        return OptionalInt.empty();
    }

    /** Line of a register value in the source file, or the host entry's line when unknown. */
    public int lineOf(RegisterKey key) {
        return lines.getOrDefault(key, source.line());
    }

    /** The vendor string from leaf 0 (EBX, EDX, ECX), when leaf 0 is known and printable. */
    public static Optional<String> decodeVendor(Map<RegisterKey, Integer> registers) {
        Integer ebx = registers.get(RegisterKey.of(0, Register.EBX));
        Integer edx = registers.get(RegisterKey.of(0, Register.EDX));
        Integer ecx = registers.get(RegisterKey.of(0, Register.ECX));
        if (ebx == null || edx == null || ecx == null) {
            return Optional.empty();
        }
        byte[] b = new byte[12];
        int[] regs = {ebx, edx, ecx};
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < 4; i++) {
                b[r * 4 + i] = (byte) (regs[r] >>> (8 * i));
            }
        }
        String s = new String(b, StandardCharsets.US_ASCII);
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !s.isBlank() ? Optional.of(s.trim()) : Optional.empty();
    }
}
