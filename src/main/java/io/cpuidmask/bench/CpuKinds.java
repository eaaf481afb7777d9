package io.cpuidmask.bench;

import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.CpuSignature;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The CPU kinds of a generated estate, as a real fleet has them: the given real CPUs, and variants
 * of them that differ as hosts of one model do: another stepping, and bits the feature catalogue
 * marks {@code firmware} switched off (BIOS settings, older microcode) or, in the
 * speculation-control registers, switched on (a microcode update added them), each variant on a
 * microcode revision near its CPU's. Every kind has register values of its own.
 */
public final class CpuKinds {

    /** Where microcode updates added bits to CPUs already sold (IBRS, STIBP, SSBD, MD_CLEAR, IBPB...). */
    private static final Set<RegisterKey> MICROCODE_REGISTERS = Set.of(
            RegisterKey.of(7, 0, Register.EDX), RegisterKey.of(0x80000008L, Register.EBX));
    /** Chance that a variant flips one of its CPU's firmware bits. */
    private static final double FLIP = 0.1;
    private static final int STEPPING_MASK = 0xf;
    /** Revisions of one CPU in one fleet: a few updates either side of the CPU's. */
    private static final int MICROCODE_SPREAD = 2;

    private CpuKinds() {
    }

    /**
     * {@code count} CPU kinds: the bases first (at most {@code count} of them), then variants of the
     * bases in turn. Fewer when the bases allow no more distinct variants.
     */
    public static List<HostProfile> of(List<HostProfile> bases, int count, FeatureCatalog features, Random random) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one CPU kind, not " + count);
        }
        List<HostProfile> kinds = new ArrayList<>();
        Set<Map<RegisterKey, Integer>> seen = new HashSet<>();
        for (HostProfile b : bases) {
            if (kinds.size() < count && seen.add(b.registers())) {
                // A dump seldom gives the revision: one like Linux prints, so that variants can differ from it.
                long microcode = b.microcode() != null ? b.microcode() : 0x100 + random.nextInt(0xff00);
                kinds.add(new HostProfile(b.host(), b.cluster(), b.vendor(), b.description(), b.registers(),
                        b.source(), Map.of(), microcode, b.firmware()));
            }
        }
        List<HostProfile> originals = List.copyOf(kinds);
        // Each base offers a bounded number of variants; give up after many repeats rather than loop.
        for (int attempt = 0; kinds.size() < count && attempt < count * 50; attempt++) {
            HostProfile base = originals.get(attempt % originals.size());
            HostProfile variant = variant(base, kinds.size(), features, random);
            if (seen.add(variant.registers())) {
                kinds.add(variant);
            }
        }
        return List.copyOf(kinds);
    }

    private static HostProfile variant(HostProfile base, int n, FeatureCatalog features, Random random) {
        SortedMap<RegisterKey, Integer> regs = new TreeMap<>(base.registers());
        List<String> changes = new ArrayList<>();
        Integer eax = regs.get(CpuSignature.LEAF1_EAX);
        if (eax != null && random.nextBoolean()) {
            int stepping = random.nextInt(STEPPING_MASK + 1);
            regs.put(CpuSignature.LEAF1_EAX, eax & ~STEPPING_MASK | stepping);
            changes.add("stepping " + stepping);
        }
        for (Feature f : features.features()) {
            Integer value = regs.get(f.getKey());
            if (!f.isFirmware() || f.isReserved() || !f.appliesTo(base.vendor()) || value == null) {
                continue;
            }
            boolean set = (value >>> f.getBit() & 1) != 0;
            if ((set || MICROCODE_REGISTERS.contains(f.getKey())) && random.nextDouble() < FLIP) {
                regs.put(f.getKey(), value ^ 1 << f.getBit());
                changes.add((set ? "-" : "+") + f.getName());
            }
        }
        long microcode = Math.max(1, base.microcode() + random.nextInt(2 * MICROCODE_SPREAD + 1) - MICROCODE_SPREAD);
        if (microcode != base.microcode()) {
            changes.add(String.format("microcode 0x%x", microcode));
        }
        String name = base.host() + "-v" + n;
        String description = (base.description().isEmpty() ? base.host() : base.description())
                + " (variant: " + (changes.isEmpty() ? "as is" : String.join(" ", changes)) + ")";
        return new HostProfile(name, base.cluster(), base.vendor(), description, regs, base.source(), Map.of(),
                microcode, base.firmware());
    }
}
