package io.cpuidmask.profile;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a host profile as YAML in the docs/FORMATS.md schema, with comment lines first (where the
 * values came from). Strings are always double-quoted so that no host name or brand string can
 * change the document's structure.
 */
public final class ProfileYamlWriter {

    private ProfileYamlWriter() {
    }

    public static String write(HostProfile profile, List<String> comments) {
        StringBuilder out = new StringBuilder();
        for (String c : comments) {
            out.append("# ").append(c.replaceAll("\\p{Cntrl}", "?")).append('\n');
        }
        out.append("host: ").append(quote(profile.host())).append('\n');
        out.append("cluster: ").append(quote(profile.cluster())).append('\n');
        if (profile.vendor() != null) {
            out.append("vendor: ").append(quote(profile.vendor())).append('\n');
        }
        if (!profile.description().isBlank()) {
            out.append("description: ").append(quote(profile.description())).append('\n');
        }
        if (profile.microcode() != null) {
            out.append("microcode: ").append(io.cpuidmask.model.RegisterValues.microcodeHex(profile.microcode()))
                    .append('\n');
        }
        if (profile.firmware() != null) {
            out.append("firmware: ").append(quote(profile.firmware())).append('\n');
        }
        out.append("cpuid:\n");
        for (Map.Entry<List<Long>, Map<Register, Integer>> leaf : byLeaf(profile).entrySet()) {
            long number = leaf.getKey().get(0);
            long subleaf = leaf.getKey().get(1);
            out.append(String.format("  - leaf: 0x%08x", number)).append('\n');
            if (subleaf != 0 || number == 7 || number == 0xD) {
                out.append("    subleaf: ").append(subleaf).append('\n');
            }
            for (Map.Entry<Register, Integer> r : leaf.getValue().entrySet()) {
                out.append("    ").append(r.getKey().id()).append(": ").append(String.format("0x%08x", r.getValue()))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static Map<List<Long>, Map<Register, Integer>> byLeaf(HostProfile profile) {
        Map<List<Long>, Map<Register, Integer>> leaves = new LinkedHashMap<>();
        for (Map.Entry<RegisterKey, Integer> e : profile.registers().entrySet()) {
            RegisterKey k = e.getKey();
            leaves.computeIfAbsent(List.of(k.leaf(), (long) k.subleaf()), x -> new LinkedHashMap<>())
                    .put(k.register(), e.getValue());
        }
        return leaves;
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
