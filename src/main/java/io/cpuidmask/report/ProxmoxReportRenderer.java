package io.cpuidmask.report;

import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.baseline.ProxmoxCpus;
import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code report.proxmox.conf}: for every cluster and guest a Proxmox VE custom CPU model for
 * {@code /etc/pve/virtual-guest/cpu-models.conf} and the {@code cpu:} line of the VM config that uses
 * it. The model's {@code reported-model} is the named QEMU model of the cluster's baseline (one of
 * the names Proxmox accepts there, never {@code host}), its {@code flags} add the common features
 * beyond it and remove the model's features some host lacks (QEMU names: Proxmox passes them to
 * {@code -cpu}), and {@code phys-bits} is the fewest of the hosts'. Model names carry a hash of the
 * exact cluster and guest names, so two sections never share a name.
 */
public final class ProxmoxReportRenderer extends SettingsRenderer<CommentLines> {

    public ProxmoxReportRenderer() {
        super("proxmox", "report.proxmox.conf");
    }

    @Override
    CommentLines open(Writer writer, Report report) {
        return new CommentLines(writer, report, "Proxmox VE CPU settings, one section per cluster and guest:"
                + " a custom CPU model for /etc/pve/virtual-guest/cpu-models.conf and the cpu: line that uses it"
                + " in the VM config (/etc/pve/qemu-server/<vmid>.conf).");
    }

    @Override
    void section(CommentLines out, ClusterResult c, ClusterBaseline b) throws IOException {
        NamedCpu cpu = namedCpu(out, b, ProxmoxCpus.chooser(), "no CPU model", unsuited("Proxmox"));
        if (cpu == null) {
            return;
        }
        String name = modelName(c.cluster(), c.guest());
        out.comment("in /etc/pve/virtual-guest/cpu-models.conf (the empty line after it ends the section):");
        modelSection(name, cpu, physBits(b, cpu)).forEach(out::line);
        out.line("");
        leftOut(out, cpu);
        out.comment("in the VM config:");
        out.line("cpu: custom-" + name);
    }

    /**
     * The cpu-models.conf section as Proxmox's own writer lays it out: {@code cpu-model: NAME}, then a
     * tab-indented {@code key value} line per property in key order (pve-common SectionConfig).
     */
    static List<String> modelSection(String name, NamedCpu cpu, Integer physBits) {
        List<String> lines = new ArrayList<>();
        lines.add("cpu-model: " + name);
        List<String> flags = new ArrayList<>();
        cpu.add().forEach(f -> flags.add("+" + f));
        // Proxmox passes -rdtscp with every Opteron model (CPUConfig.pm, get_cpu_options); a model's
        // own flags win over Proxmox's, so put it back where every host has it.
        if (cpu.model().startsWith("Opteron_") && cpu.guest().contains("rdtscp") && !cpu.add().contains("rdtscp")) {
            flags.add("+rdtscp");
        }
        cpu.remove().forEach(f -> flags.add("-" + f));
        if (!flags.isEmpty()) {
            lines.add("\tflags " + String.join(";", flags));
        }
        if (physBits != null) {
            lines.add("\tphys-bits " + physBits);
        }
        lines.add("\treported-model " + cpu.model());
        return lines;
    }

    /**
     * {@code cpuidmask-<cluster>-<guest>-<8 hex of SHA-256 of both names>}, at most 40 characters of
     * {@code [a-z0-9-]} (what Proxmox's API accepts for a model id, pve-configid, maxLength 40): readable,
     * and unique per exact cluster and guest names, however similar they look once shortened.
     */
    static String modelName(String cluster, String guest) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((cluster + "\n" + guest).getBytes(StandardCharsets.UTF_8));
            String readable = ConfigText.identifier(cluster + "-" + guest);
            readable = readable.length() > 21 ? readable.substring(0, 21).replaceAll("-+$", "") : readable;
            return "cpuidmask-" + readable + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
