package io.cpuidmask.report;

import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.engine.ClusterResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code report.proxmox.conf}: for every cluster and guest the {@code cpu:} line of a Proxmox VE
 * VM config ({@code /etc/pve/qemu-server/<vmid>.conf}), {@code cpu: host,flags=-feat1;-feat2}.
 * Flag names are QEMU's (Proxmox passes them to {@code -cpu}). Proxmox accepts only these flags
 * in a VM's own config "for security reasons" (qm.conf(5), {@code flags} of {@code cpu}):
 * {@link #VM_FLAGS}. When a mask hides anything else, the section defines a custom CPU model
 * for {@code /etc/pve/virtual-guest/cpu-models.conf} (where any QEMU flag is allowed, reported
 * model {@code host}) and the {@code cpu:} line names it ({@code custom-<name>}).
 */
public final class ProxmoxReportRenderer implements ReportRenderer {

    /** The flags qm.conf(5) allows in a VM's {@code cpu: ...,flags=} (Proxmox VE 8). */
    public static final Set<String> VM_FLAGS = Set.of("aes", "amd-no-ssb", "amd-ssbd", "hv-evmcs", "hv-tlbflush",
            "ibpb", "md-clear", "nested-virt", "pcid", "pdpe1gb", "spec-ctrl", "ssbd", "virt-ssbd");

    private final FeatureCatalog features;

    public ProxmoxReportRenderer(FeatureCatalog features) {
        this.features = features;
    }

    @Override
    public String format() {
        return "proxmox";
    }

    @Override
    public String fileName() {
        return "report.proxmox.conf";
    }

    @Override
    public void render(Report report, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        out.println("# cpuidmask " + ConfigText.comment(report.toolVersion())
                + ": Proxmox VE CPU settings, one section per cluster and guest; the cpu: line goes into the VM config.");
        for (ClusterResult c : report.clusters()) {
            List<HiddenFeature> hidden = HiddenFeature.of(c, features);
            out.println();
            out.println("# == cluster " + ConfigText.comment(c.cluster()) + ", guest " + ConfigText.comment(c.guest())
                    + ": " + c.status());
            List<String> flags = hidden.stream().filter(h -> h.libvirt() != null)
                    .map(h -> h.libvirt().qemuName()).distinct().toList();
            List<HiddenFeature> unnamed = hidden.stream().filter(h -> h.libvirt() == null).toList();
            if (!unnamed.isEmpty()) {
                out.println("# no QEMU flag, not hidden here: "
                        + ConfigText.comment(unnamed.stream().map(HiddenFeature::describe).collect(Collectors.joining(", "))));
            }
            String disabled = flags.stream().map(f -> "-" + f).collect(Collectors.joining(";"));
            if (VM_FLAGS.containsAll(flags)) {
                out.println("cpu: host" + (flags.isEmpty() ? "" : ",flags=" + disabled));
                continue;
            }
            String model = "cpuidmask-" + ConfigText.identifier(c.cluster() + "-" + c.guest());
            out.println("# flags beyond the VM-config set (" + String.join(", ", flags.stream()
                    .filter(f -> !VM_FLAGS.contains(f)).toList()) + ") need a custom model;");
            out.println("# add to /etc/pve/virtual-guest/cpu-models.conf (without the leading '# '):");
            out.println("# cpu-model: " + model);
            out.println("#     flags " + disabled);
            out.println("#     reported-model host");
            out.println("cpu: custom-" + model);
        }
        out.flush();
    }
}
