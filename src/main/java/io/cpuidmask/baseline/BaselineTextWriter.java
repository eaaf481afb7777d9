package io.cpuidmask.baseline;

import io.cpuidmask.model.InputError;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.stream.Collectors;

/** {@code baseline --format text}: a block per cluster for a terminal. */
public final class BaselineTextWriter {

    /** How many limiting CPU kinds the text shows; the JSON has them all. */
    private static final int TOP_LIMITS = 3;

    public static final String CPU_MAP_PROVENANCE = "libvirt x86 CPU map, Debian libvirt0 9.0.0-4+deb12u2 (LGPL-2.1+)";

    public void write(List<ClusterBaseline> clusters, List<InputError> errors, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        for (ClusterBaseline c : clusters) {
            writeCluster(out, "cluster " + c.cluster(), c);
        }
        for (InputError e : errors) {
            out.println("input error: " + e.render());
        }
        out.printf("%d cluster(s); CPU models from the %s%n", clusters.size(), CPU_MAP_PROVENANCE);
        out.flush();
    }

    /** One cluster's block, headed {@code == HEADING: N host(s), VENDOR}. */
    public static void writeCluster(PrintWriter out, String heading, ClusterBaseline c) {
        out.printf("== %s: %d host(s), %s%n", heading, c.hosts().size(),
                c.mixedVendors() ? "MIXED VENDORS " + String.join(" + ", c.vendors())
                        : c.vendor() == null ? "vendor unknown" : c.vendor());
        out.printf("   hosts: %s%n", String.join(", ", c.hosts()));
        out.printf("   x86-64 level: %s%n", c.x86LevelLabel());
        if (c.model() != null) {
            out.printf("   libvirt/QEMU model: %s%s%s%n", c.model().name(),
                    c.model().missing().isEmpty() ? "" : ", disable " + String.join(" ", c.model().missing()),
                    c.model().extra().isEmpty() ? "" : ", add " + String.join(" ", c.model().extra()));
        }
        if (c.runnableModel() != null && (c.model() == null || !c.runnableModel().name().equals(c.model().name()))) {
            out.printf("   largest model needing nothing disabled: %s%n", c.runnableModel().name());
        }
        if (!c.mixedVendors()) {
            out.printf("   VMware EVC mode: %s%n", c.evcMode() == null ? "none of the covered modes"
                    : c.evcMode().name() + " (" + c.evcMode().key() + ")");
        }
        out.printf("   common features (%d): %s%n", c.commonFeatures().size(), names(c.commonFeatures(), ""));
        for (ClusterBaseline.HostFeatures h : c.beyondModel()) {
            out.printf("   %s beyond %s: %s%n", h.host(), c.model().name(),
                    h.features().isEmpty() ? "nothing" : String.join(" ", h.features()));
        }
        writeLimits(out, c);
        for (String n : c.notes()) {
            out.printf("   note: %s%n", n);
        }
        out.println();
    }

    /** The top of the limiting hosts: {@code without nhm-1: +AES +AVX; x86-64-v3, Haswell, EVC Haswell}. */
    private static void writeLimits(PrintWriter out, ClusterBaseline c) {
        if (c.limitingHosts().isEmpty()) {
            return;
        }
        List<LimitingHost> gaining = c.limitingHosts().stream().filter(l -> !l.gains().isEmpty()).toList();
        if (gaining.isEmpty()) {
            out.printf("   limiting hosts: none (without any one CPU kind the common features stay as they are)%n");
        }
        for (LimitingHost l : gaining.subList(0, Math.min(TOP_LIMITS, gaining.size()))) {
            out.printf("   without %s: %s (%d); %s%n", l.label(), names(l.gains(), "+"), l.gains().size(), l.reaches());
        }
        if (gaining.size() > TOP_LIMITS) {
            out.printf("   (%d more CPU kinds hold the cluster back: baseline --format json lists them all)%n",
                    gaining.size() - TOP_LIMITS);
        }
    }

    private static String names(List<FeatureBit> bits, String prefix) {
        return bits.stream().map(f -> prefix + f.name()).collect(Collectors.joining(" "));
    }
}
