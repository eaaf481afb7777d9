package io.cpuidmask.baseline;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.SourceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Test-only reader of the shared corpus dumps (AIDA64 and libcpuid raw), enough to build host
 * profiles for clusters: the first logical CPU, leaves up to the maxima leaf 0 / 0x80000000 give.
 */
public final class CorpusDumps {

    public static final Path ROOT = Path.of("..", "shared", "corpus", "libcpuid");
    private static final Pattern AIDA = Pattern.compile(
            "^CPUID ([0-9A-F]{8}): ([0-9A-F]{8})-([0-9A-F]{8})-([0-9A-F]{8})-([0-9A-F]{8})(?: \\[SL ([0-9A-F]{2})\\])?.*$");
    private static final Pattern RAW = Pattern.compile(
            "^(basic|ext)_cpuid\\[(\\d+)\\]=([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8})$");

    private CorpusDumps() {
    }

    public static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
    }

    public static HostProfile read(Path file, String cluster) throws IOException {
        Map<RegisterKey, Integer> regs = new TreeMap<>();
        Map<Long, Integer> seen = new HashMap<>();
        boolean inFirstCpu = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("------[ Logical CPU")) {
                if (inFirstCpu) {
                    break;
                }
                inFirstCpu = true;
                continue;
            }
            if (line.matches("^-{10,}$")) {
                break; // libcpuid's decoding follows
            }
            Matcher a = AIDA.matcher(line);
            Matcher r = RAW.matcher(line);
            if (a.matches()) {
                long leaf = Long.parseLong(a.group(1), 16);
                int sub = a.group(6) != null ? Integer.parseInt(a.group(6), 16) : seen.merge(leaf, 1, Integer::sum) - 1;
                put(regs, leaf, sub, a.group(2), a.group(3), a.group(4), a.group(5));
            } else if (r.matches()) {
                long leaf = Long.parseLong(r.group(2)) + (r.group(1).equals("ext") ? 0x8000_0000L : 0);
                put(regs, leaf, 0, r.group(3), r.group(4), r.group(5), r.group(6));
            }
        }
        long maxBasic = Integer.toUnsignedLong(regs.get(RegisterKey.of(0, Register.EAX)));
        Integer ext = regs.get(RegisterKey.of(0x8000_0000L, Register.EAX));
        long maxExt = ext == null ? 0 : Integer.toUnsignedLong(ext);
        regs.keySet().removeIf(k -> k.leaf() < 0x8000_0000L ? k.leaf() > maxBasic : k.leaf() > maxExt);
        String name = file.getFileName().toString().replace(".test", "");
        return new HostProfile(name, cluster, null, "", new TreeMap<>(regs), new SourceRef(file.toString(), 1), Map.of());
    }

    /**
     * Clusters of real CPUs: every x86-64 host alone, every pair of hosts of one vendor that follow
     * each other in the corpus, and all hosts of each vendor.
     */
    public static List<List<HostProfile>> clusters() throws IOException {
        List<HostProfile> intel = new ArrayList<>();
        List<HostProfile> amd = new ArrayList<>();
        for (Path f : files()) {
            HostProfile h = read(f, "c");
            ("AuthenticAMD".equals(h.vendor()) ? amd : intel).add(h);
        }
        List<List<HostProfile>> out = new ArrayList<>();
        for (List<HostProfile> vendor : List.of(intel, amd)) {
            for (int i = 0; i < vendor.size(); i++) {
                out.add(List.of(vendor.get(i)));
                if (i + 1 < vendor.size()) {
                    out.add(List.of(vendor.get(i), vendor.get(i + 1)));
                }
            }
            out.add(vendor);
        }
        return out;
    }

    /** Every pair of distinct hosts of one vendor: clusters of two real CPUs, in every combination. */
    public static List<List<HostProfile>> pairs() throws IOException {
        List<HostProfile> all = new ArrayList<>();
        for (Path f : files()) {
            all.add(read(f, "c"));
        }
        List<List<HostProfile>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                if (Objects.equals(all.get(i).vendor(), all.get(j).vendor())) {
                    out.add(List.of(all.get(i), all.get(j)));
                }
            }
        }
        return out;
    }

    private static void put(Map<RegisterKey, Integer> regs, long leaf, int sub, String... values) {
        Register[] order = {Register.EAX, Register.EBX, Register.ECX, Register.EDX};
        for (int i = 0; i < 4; i++) {
            regs.putIfAbsent(RegisterKey.of(leaf, sub, order[i]), (int) Long.parseLong(values[i], 16));
        }
    }
}
