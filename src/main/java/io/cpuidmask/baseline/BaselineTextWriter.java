package io.cpuidmask.baseline;

import io.cpuidmask.model.InputError;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.stream.Collectors;

/** {@code baseline --format text}: a block per cluster for a terminal. */
public final class BaselineTextWriter {

    static final String CPU_MAP_PROVENANCE = "libvirt x86 CPU map, Debian libvirt0 9.0.0-4+deb12u2 (LGPL-2.1+)";

    public void write(List<ClusterBaseline> clusters, List<InputError> errors, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        for (ClusterBaseline c : clusters) {
            out.printf("== cluster %s: %d host(s), %s%n", c.cluster(), c.hosts().size(),
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
            out.printf("   common features (%d): %s%n", c.commonFeatures().size(),
                    c.commonFeatures().stream().map(FeatureBit::name).collect(Collectors.joining(" ")));
            for (ClusterBaseline.HostFeatures h : c.beyondModel()) {
                out.printf("   %s beyond %s: %s%n", h.host(), c.model().name(),
                        h.features().isEmpty() ? "nothing" : String.join(" ", h.features()));
            }
            for (String n : c.notes()) {
                out.printf("   note: %s%n", n);
            }
            out.println();
        }
        for (InputError e : errors) {
            out.println("input error: " + e.render());
        }
        out.printf("%d cluster(s); CPU models from the %s%n", clusters.size(), CPU_MAP_PROVENANCE);
        out.flush();
    }
}
