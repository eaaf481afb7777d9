package io.cpuidmask.report;

import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.engine.ClusterResult;
import io.cpuidmask.engine.MaskResult;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code report.xen.cfg}: for every cluster and guest an xl domain-config {@code cpuid} line in
 * the xend form of xl.cfg(5), {@code cpuid = [ "0x00000001:ecx=<32 chars>", "0x00000007,0x00:ebx=..." ]}:
 * one string per leaf (and subleaf, written {@code leaf,subleaf}), 32 characters per register,
 * bit 31 first, {@code x} keeps Xen's default, {@code 0} hides. Below it, as a comment, the libxl
 * form {@code cpuid = "host,sse3=0,..."} when Xen 4.17's libxl has a name for every hidden bit
 * (baseline/libxl-cpuid-names.yaml, checked against libxl itself by LibxlNamesTest), else the bits
 * it has no name for.
 */
public final class XenReportRenderer implements ReportRenderer {

    private static final String LIBXL_NAMES = "/io/cpuidmask/baseline/libxl-cpuid-names.yaml";
    private static volatile Map<String, String> libxlNames;

    private final FeatureCatalog features;

    public XenReportRenderer(FeatureCatalog features) {
        this.features = features;
    }

    @Override
    public String format() {
        return "xen";
    }

    @Override
    public String fileName() {
        return "report.xen.cfg";
    }

    @Override
    public void render(Report report, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        out.println("# cpuidmask " + ConfigText.comment(report.toolVersion())
                + ": Xen xl.cfg cpuid settings, one section per cluster and guest; copy the cpuid line of yours into the domain config.");
        for (ClusterResult c : report.clusters()) {
            out.println();
            out.println("# == cluster " + ConfigText.comment(c.cluster()) + ", guest " + ConfigText.comment(c.guest())
                    + ": " + c.status());
            Map<String, List<String>> byLeaf = new LinkedHashMap<>();
            for (MaskResult m : c.masks()) {
                if (m.hidesAnything()) {
                    byLeaf.computeIfAbsent(leafInput(m.key()), k -> new ArrayList<>())
                            .add(m.key().register().id() + "=" + bitString(m.hiddenBits()));
                }
            }
            if (byLeaf.isEmpty()) {
                out.println("# no custom mask needed");
                continue;
            }
            out.println("cpuid = [ " + byLeaf.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + ":" + String.join(",", e.getValue()) + "\"")
                    .collect(Collectors.joining(", ")) + " ]");
            List<String> named = new ArrayList<>();
            List<String> unnamed = new ArrayList<>();
            for (HiddenFeature h : HiddenFeature.of(c, features)) {
                String name = libxlNames().get(h.key().leafHex() + (h.key().subleaf() == 0 ? "" : "." + h.key().subleaf())
                        + "." + h.key().register().id() + "/" + h.bit());
                if (name == null) {
                    unnamed.add(h.describe());
                } else {
                    named.add(name + "=0");
                }
            }
            if (unnamed.isEmpty()) {
                out.println("# or, in libxl syntax: cpuid = \"host," + String.join(",", named) + "\"");
            } else {
                out.println("# Xen 4.17's libxl has no name for " + ConfigText.comment(String.join(", ", unnamed))
                        + ": use the line above");
            }
        }
        out.flush();
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

    private static Map<String, String> libxlNames() {
        Map<String, String> names = libxlNames;
        if (names == null) {
            names = loadLibxlNames();
            libxlNames = names;
        }
        return names;
    }

    private static Map<String, String> loadLibxlNames() {
        try (InputStream in = XenReportRenderer.class.getResourceAsStream(LIBXL_NAMES)) {
            if (in == null) {
                throw new IllegalStateException("resource " + LIBXL_NAMES + " is missing from the build");
            }
            Map<?, ?> root = (Map<?, ?>) SafeYaml.readAll(TextFiles.decode(in.readAllBytes())).get(0).data();
            Map<String, String> names = new HashMap<>();
            root.forEach((reg, bits) -> ((Map<?, ?>) bits).forEach((bit, name) ->
                    names.put(reg + "/" + bit.toString().trim(), name.toString().trim())));
            return Map.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (YamlInputException e) {
            throw new IllegalStateException(LIBXL_NAMES + ":" + e.line() + ": " + e.getMessage(), e);
        }
    }
}
