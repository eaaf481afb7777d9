package io.cpuidmask.corpus;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.SourceRef;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of ../shared/corpus/libcpuid: the CPUID dump of the first logical CPU and libcpuid's
 * own decoding printed after the dashed line. A deliberately small reader for this test only
 * (the product's importers live elsewhere), so that the check does not lean on the code it checks.
 *
 * @param registers known registers; leaves above the maximum leaf are left out (they read as zero,
 *                  and libcpuid raw dumps fill them with copies of the last valid leaf)
 * @param level     libcpuid's x86-64 level line (second line after the dashes)
 * @param flags     libcpuid's feature flags (last line)
 */
record CorpusDump(Map<RegisterKey, Integer> registers, String level, List<String> flags) {

    private static final Pattern RAW = Pattern.compile("(basic|ext)_cpuid\\[(\\d+)]=(\\p{XDigit}{8}) (\\p{XDigit}{8}) (\\p{XDigit}{8}) (\\p{XDigit}{8})");
    private static final Pattern AIDA = Pattern.compile("CPUID ([0-9A-Fa-f]{8}): (\\p{XDigit}{8})-(\\p{XDigit}{8})-(\\p{XDigit}{8})-(\\p{XDigit}{8})(.*)");
    private static final Pattern SUBLEAF = Pattern.compile("\\[SL ([0-9A-Fa-f]{2})]");
    private static final Pattern BLOCK = Pattern.compile("------\\[ (CPUID Registers / )?Logical CPU #\\d+ ]------|CPU#\\d+ AffMask: .*");
    private static final Register[] ORDER = {Register.EAX, Register.EBX, Register.ECX, Register.EDX};

    static CorpusDump parse(String text) {
        List<String> lines = text.lines().map(String::strip).toList();
        int dashes = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("-{20,}")) {
                dashes = i;
                break;
            }
        }
        if (dashes < 0) {
            throw new IllegalArgumentException("no dashed line before libcpuid's decoding");
        }
        List<String> dump = lines.subList(0, dashes);
        List<String> decoded = lines.subList(dashes + 1, lines.size()).stream().filter(l -> !l.isEmpty()).toList();
        Map<RegisterKey, Integer> registers = dump.stream().anyMatch(l -> l.startsWith("basic_cpuid["))
                ? raw(dump) : aida(dump);
        return new CorpusDump(belowMaximum(registers), decoded.get(1),
                Arrays.asList(decoded.get(decoded.size() - 1).split("\\s+")));
    }

    HostProfile profile(String name) {
        return new HostProfile(name, null, null, null, new TreeMap<>(registers), new SourceRef(name, 0), Map.of());
    }

    /** libcpuid raw: basic_cpuid[n] is leaf n, ext_cpuid[n] leaf 0x80000000 + n, both subleaf 0. */
    private static Map<RegisterKey, Integer> raw(List<String> dump) {
        Map<RegisterKey, Integer> out = new TreeMap<>();
        for (String line : dump) {
            Matcher m = RAW.matcher(line);
            if (m.matches()) {
                long leaf = Long.parseLong(m.group(2)) + (m.group(1).equals("ext") ? 0x8000_0000L : 0);
                put(out, leaf, 0, m, 3);
            }
        }
        return out;
    }

    /**
     * AIDA64 / InstLatx64: the first logical CPU's block. A subleaf comes from {@code [SL nn]}; a
     * leaf repeated without it is ignored, because its repeats are not always consecutive subleaves
     * (Bulldozer's second 0xD line is subleaf 2, the AVX state, not subleaf 1).
     */
    private static Map<RegisterKey, Integer> aida(List<String> dump) {
        Map<RegisterKey, Integer> out = new TreeMap<>();
        boolean inBlock = false;
        for (String line : dump) {
            if (BLOCK.matcher(line).matches()) {
                if (inBlock) {
                    break;
                }
                inBlock = true;
                continue;
            }
            Matcher m = AIDA.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long leaf = Long.parseLong(m.group(1), 16);
            Matcher sl = SUBLEAF.matcher(m.group(6));
            int subleaf = sl.find() ? Integer.parseInt(sl.group(1), 16) : 0;
            if (!out.containsKey(RegisterKey.of(leaf, subleaf, Register.EAX))) {
                put(out, leaf, subleaf, m, 2);
            }
        }
        return out;
    }

    private static void put(Map<RegisterKey, Integer> out, long leaf, int subleaf, Matcher m, int firstGroup) {
        for (int r = 0; r < 4; r++) {
            out.put(RegisterKey.of(leaf, subleaf, ORDER[r]), (int) Long.parseLong(m.group(firstGroup + r), 16));
        }
    }

    private static Map<RegisterKey, Integer> belowMaximum(Map<RegisterKey, Integer> registers) {
        Integer maxBasic = registers.get(RegisterKey.of(0, Register.EAX));
        Integer maxExtended = registers.get(RegisterKey.of(0x8000_0000L, Register.EAX));
        Map<RegisterKey, Integer> out = new TreeMap<>();
        registers.forEach((k, v) -> {
            boolean extended = k.leaf() >= 0x8000_0000L;
            Integer max = extended ? maxExtended : maxBasic;
            boolean inRange = extended ? k.leaf() < 0x9000_0000L : k.leaf() < 0x4000_0000L;
            if (inRange && max != null && k.leaf() <= Integer.toUnsignedLong(max)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
