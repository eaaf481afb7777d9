package io.cpuidmask.report;

import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.baseline.NamedCpuChooser;
import io.cpuidmask.model.Status;
import io.cpuidmask.result.ClusterResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the hypervisor settings files share: the file's opening comment, the
 * {@code # == cluster NAME, guest GUEST: STATUS} line that opens each section (scripts split the
 * files at it), and each cluster's baseline, computed once per cluster however many guests it has.
 */
final class SettingsSections {

    private static final String MIXED = "the hosts' vendors differ, and no CPU model makes Intel and AMD hosts migration-compatible";

    private final BaselineCalculator calculator = BaselineCalculator.shipped();
    private final Map<String, ClusterBaseline> baselines = new HashMap<>();

    static void fileHeader(PrintWriter out, Report report, String what) {
        out.println("# cpuidmask " + ConfigText.comment(report.toolVersion()) + ": " + what);
    }

    /** Opens a section: the heading line, the hosts, and for a FAIL why the settings cannot make migration safe. */
    static void sectionHeader(PrintWriter out, ClusterResult c) {
        out.println();
        out.println("# == cluster " + ConfigText.comment(c.cluster()) + ", guest " + ConfigText.comment(c.guest())
                + ": " + c.status());
        if (c.status() == Status.FAIL) {
            out.println("# FAIL: a requirement is unmet or a difference cannot be hidden (see report.json);"
                    + " the settings below are only what a CPU definition can do.");
        }
    }

    /** One cluster and guest's baseline and guest CPU ({@code cpu} null when no model suits). */
    record Section(ClusterBaseline baseline, NamedCpu cpu) {
    }

    /**
     * Opens the section of a line-oriented settings file and chooses its guest CPU: the heading, the
     * hosts, and when no model suits, a {@code # none: why} line (the section then has no cpu).
     *
     * @param unsuited why no model suits these hosts of one vendor
     */
    Section open(PrintWriter out, ClusterResult c, NamedCpuChooser chooser, String none,
                 Function<ClusterBaseline, String> unsuited) {
        sectionHeader(out, c);
        ClusterBaseline b = baseline(c);
        out.println("# hosts: " + ConfigText.comment(hosts(b)));
        NamedCpu cpu = b.vendor() == null ? null : chooser.choose(b.vendor(), b.commonFeatures());
        if (cpu == null || cpu.model() == null) {
            out.println("# " + none + ": " + (b.mixedVendors() ? MIXED : unsuited.apply(b)));
            return new Section(b, null);
        }
        return new Section(b, cpu);
    }

    /** The comment listing the common features the guest does not get, when there are any. */
    static void leftOutComment(PrintWriter out, NamedCpu cpu) {
        if (!cpu.leftOut().isEmpty()) {
            out.println("# every host has, but the guest does not get: " + ConfigText.comment(leftOut(cpu.leftOut())));
        }
    }

    /** {@code +a} for each feature to add, then {@code -b} for each to remove, as QEMU and Nova take them. */
    static List<String> signedFeatures(NamedCpu cpu) {
        List<String> signed = new ArrayList<>();
        cpu.add().forEach(f -> signed.add("+" + f));
        cpu.remove().forEach(f -> signed.add("-" + f));
        return signed;
    }

    /** The fewest physical address bits of the hosts, for a 64-bit guest CPU only (QEMU: "phys-bits is not user-configurable in 32 bit"). */
    static Integer physBits(ClusterBaseline b, NamedCpu cpu) {
        return b.physAddressBits() != null && cpu.guest().contains("lm") ? b.physAddressBits() : null;
    }

    /** The cluster's baseline (the features every host has), from its hosts' profiles. */
    ClusterBaseline baseline(ClusterResult c) {
        return baselines.computeIfAbsent(c.cluster(), name -> calculator.cluster(name, c.hosts()));
    }

    /** Why a section has no CPU definition: the hosts' vendors differ, or no model of the hypervisor suits their vendor. */
    static String noModel(ClusterBaseline b, String hypervisor) {
        return b.mixedVendors() ? MIXED : unsuited(hypervisor).apply(b);
    }

    static Function<ClusterBaseline, String> unsuited(String hypervisor) {
        return b -> "no " + hypervisor + " CPU model suits these hosts' vendor";
    }

    /** {@code 3 hosts (GenuineIntel): a, b, c}. */
    static String hosts(ClusterBaseline b) {
        return b.hosts().size() + (b.hosts().size() == 1 ? " host" : " hosts") + " ("
                + String.join(", ", b.vendors()) + "): " + String.join(", ", b.hosts());
    }

    /** {@code DTES64 (no name for it); EST (...)}: the common features a guest CPU leaves out, grouped by reason. */
    static String leftOut(List<NamedCpu.LeftOut> leftOut) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        leftOut.forEach(l -> byReason.computeIfAbsent(l.reason(), r -> new ArrayList<>()).add(l.feature().name()));
        return byReason.entrySet().stream().map(e -> String.join(", ", e.getValue()) + " (" + e.getKey() + ")")
                .collect(Collectors.joining("; "));
    }
}
