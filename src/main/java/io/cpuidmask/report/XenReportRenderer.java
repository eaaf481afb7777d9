package io.cpuidmask.report;

import io.cpuidmask.baseline.BitNames;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.FeatureBit;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.result.ClusterResult;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code report.xen.cfg}: for every cluster and guest an xl domain-config {@code cpuid} line in
 * the xend form of xl.cfg(5), {@code cpuid = [ "0x00000001:ecx=<32 chars>", "0x00000007,0x00:ebx=..." ]}:
 * one string per leaf (and subleaf, written {@code leaf,subleaf}), 32 characters per register,
 * bit 31 first, {@code x} keeps Xen's default, {@code 0} hides. It is derived from the cluster's
 * baseline: every feature some host has and another lacks is hidden, so the guest sees only
 * features every host has (Xen's default policy offers no feature the host it runs on lacks).
 * Below it, as a comment, the libxl form {@code cpuid = "host,sse3=0,..."} when Xen 4.17's libxl
 * has a name for every hidden bit (baseline/libxl-cpuid-names.yaml, checked against libxl itself
 * by LibxlNamesTest), else the bits it has no name for.
 */
public final class XenReportRenderer extends SettingsRenderer<CommentLines> {

    private static final String LIBXL_NAMES = "/io/cpuidmask/baseline/libxl-cpuid-names.yaml";

    public XenReportRenderer() {
        super("xen", "report.xen.cfg");
    }

    @Override
    CommentLines open(Writer writer, Report report) {
        return new CommentLines(writer, report, "Xen xl.cfg cpuid settings, one section per cluster and guest;"
                + " copy the cpuid line of yours into the domain config.");
    }

    @Override
    void section(CommentLines out, ClusterResult c, ClusterBaseline b) {
        if (b.mixedVendors()) {
            out.comment("no cpuid line: the hosts' vendors differ, and no CPUID policy makes Intel and AMD"
                    + " hosts migration-compatible");
            return;
        }
        // Hide what some host has and another lacks; what every host has stays Xen's default.
        List<FeatureBit> hiddenFeatures = differing(b);
        if (hiddenFeatures.isEmpty()) {
            out.comment("the hosts have the same features: no cpuid line needed");
            return;
        }
        Map<RegisterKey, List<Integer>> hidden = new TreeMap<>();
        hiddenFeatures.forEach(f -> hidden.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f.bit()));
        Map<String, List<String>> byLeaf = new LinkedHashMap<>();
        hidden.forEach((key, bits) -> byLeaf.computeIfAbsent(leafInput(key), k -> new ArrayList<>())
                .add(key.register().id() + "=" + bitString(bits)));
        out.comment("hides " + hiddenFeatures.stream().map(FeatureBit::name).collect(Collectors.joining(", ")));
        out.line("cpuid = [ " + byLeaf.entrySet().stream()
                .map(e -> "\"" + e.getKey() + ":" + String.join(",", e.getValue()) + "\"")
                .collect(Collectors.joining(", ")) + " ]");
        List<String> named = new ArrayList<>();
        List<String> unnamed = new ArrayList<>();
        for (FeatureBit f : hiddenFeatures) {
            String name = libxlNames().at(f.key(), f.bit()).orElse(null);
            if (name == null) {
                unnamed.add(f.name() + " (" + f.key().label() + " bit " + f.bit() + ")");
            } else {
                named.add(name + "=0");
            }
        }
        if (unnamed.isEmpty()) {
            out.comment("or, in libxl syntax: cpuid = \"host," + String.join(",", named) + "\"");
        } else {
            out.comment("Xen 4.17's libxl has no name for " + String.join(", ", unnamed) + ": use the line above");
        }
    }

    /** {@code 0x00000001}, or {@code 0x00000007,0x00} for a leaf with subleaves. */
    static String leafInput(RegisterKey key) {
        boolean hasSubleaves = key.leaf() == 7 || key.leaf() == 0xd || key.subleaf() != 0;
        return "0x" + key.leafHex() + (hasSubleaves ? String.format(",0x%02x", key.subleaf()) : "");
    }

    /** 32 characters, bit 31 first: '0' where hidden, 'x' (keep Xen's default) elsewhere. */
    static String bitString(List<Integer> hiddenBits) {
        StringBuilder sb = new StringBuilder(32);
        for (int bit = 31; bit >= 0; bit--) {
            sb.append(hiddenBits.contains(bit) ? '0' : 'x');
        }
        return sb.toString();
    }

    private static BitNames libxlNames() {
        return BitNames.shipped(LIBXL_NAMES);
    }
}
