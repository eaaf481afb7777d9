package io.cpuidmask.report;

import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.FeatureBit;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.baseline.NamedCpuChooser;
import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The skeleton of every hypervisor settings file: the file's opening, then one section per cluster
 * and guest that opens with the cluster's hosts. A renderer says only what is its own: how its file
 * opens and what a section holds. Each cluster's baseline (the features every host has) is computed
 * once however many guests it has.
 *
 * @param <F> the file's syntax
 */
abstract class SettingsRenderer<F extends SettingsFile> implements ReportRenderer {

    private final String format;
    private final String fileName;

    SettingsRenderer(String format, String fileName) {
        this.format = format;
        this.fileName = fileName;
    }

    @Override
    public final String format() {
        return format;
    }

    @Override
    public final String fileName() {
        return fileName;
    }

    @Override
    public final void render(Report report, Writer writer) throws IOException {
        BaselineCalculator calculator = BaselineCalculator.shipped();
        Map<String, ClusterBaseline> baselines = new HashMap<>();
        F out = open(writer, report);
        for (ClusterResult c : report.clusters()) {
            ClusterBaseline b = baselines.computeIfAbsent(c.cluster(), name -> calculator.cluster(name, c.hosts()));
            out.openSection(c);
            out.comment("hosts: " + hosts(b));
            section(out, c, b);
            out.closeSection();
        }
        out.close();
    }

    /** Starts the file: what it holds and how to use it. */
    abstract F open(Writer writer, Report report) throws IOException;

    /** The settings of one cluster and guest, after the section's opening and its hosts. */
    abstract void section(F out, ClusterResult c, ClusterBaseline b) throws IOException;

    /**
     * The hypervisor's named-model CPU for the cluster's common features, or null after a comment
     * {@code none: why} saying why there is none: the hosts' vendors differ, or no model suits them.
     *
     * @param unsuited why no model suits these hosts of one vendor
     */
    static NamedCpu namedCpu(SettingsFile out, ClusterBaseline b, NamedCpuChooser chooser, String none,
                             Function<ClusterBaseline, String> unsuited) throws IOException {
        NamedCpu cpu = b.vendor() == null ? null : chooser.choose(b.vendor(), b.commonFeatures());
        if (cpu != null && cpu.model() != null) {
            return cpu;
        }
        out.comment(none + ": " + (b.mixedVendors()
                ? "the hosts' vendors differ, and no CPU model makes Intel and AMD hosts migration-compatible"
                : unsuited.apply(b)));
        return null;
    }

    /** The usual reason no model suits: the hypervisor has none for these hosts' vendor. */
    static Function<ClusterBaseline, String> unsuited(String hypervisor) {
        return b -> "no " + hypervisor + " CPU model suits these hosts' vendor";
    }

    /** {@code +a} for each feature to add, then {@code -b} for each to remove, as QEMU and Nova take them. */
    static List<String> signedFeatures(NamedCpu cpu) {
        List<String> signed = new ArrayList<>();
        cpu.add().forEach(f -> signed.add("+" + f));
        cpu.remove().forEach(f -> signed.add("-" + f));
        return signed;
    }

    /**
     * The fewest physical address bits of the hosts, for a 64-bit guest CPU only (QEMU: "phys-bits is
     * not user-configurable in 32 bit"); null when there is no such limit to give.
     */
    static Integer physBits(ClusterBaseline b, NamedCpu cpu) {
        return b.physAddressBits() != null && cpu.guest().contains("lm") ? b.physAddressBits() : null;
    }

    /** The common features a guest CPU leaves out, grouped by reason, when there are any. */
    static void leftOut(SettingsFile out, NamedCpu cpu) throws IOException {
        if (cpu.leftOut().isEmpty()) {
            return;
        }
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        cpu.leftOut().forEach(l -> byReason.computeIfAbsent(l.reason(), r -> new ArrayList<>()).add(l.feature().name()));
        out.comment("every host has, but the guest does not get: " + byReason.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + " (" + e.getKey() + ")").collect(Collectors.joining("; ")));
    }

    /** The features some host of the cluster has and another lacks, in the baseline's order. */
    static List<FeatureBit> differing(ClusterBaseline b) {
        Set<FeatureBit> common = new HashSet<>(b.commonFeatures());
        return b.anyHostFeatures().stream().filter(f -> !common.contains(f)).toList();
    }

    /** {@code 3 hosts (GenuineIntel): a, b, c}. */
    private static String hosts(ClusterBaseline b) {
        return b.hosts().size() + (b.hosts().size() == 1 ? " host" : " hosts") + " ("
                + String.join(", ", b.vendors()) + "): " + String.join(", ", b.hosts());
    }
}
