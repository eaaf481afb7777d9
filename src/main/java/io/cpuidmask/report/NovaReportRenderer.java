package io.cpuidmask.report;

import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.HypervisorCpus;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * {@code report.nova.conf}: for every cluster and guest the {@code [libvirt]} section of OpenStack
 * Nova's nova.conf that gives guests the same CPU as {@code report.libvirt.xml} (the same libvirt
 * model and the same features required and disabled): {@code cpu_mode = custom},
 * {@code cpu_models = <libvirt model>}, {@code cpu_model_extra_flags = +a, -b}. Nova builds the
 * domain's {@code <cpu mode='custom' match='exact'>} from them; it writes no {@code check} or
 * {@code fallback}, and has no nova.conf key for the physical address width.
 *
 * <p>Syntax of Nova 27.0.0 (2023.1) and of 26.2.1 and later: {@code -flag} disables a flag since
 * 23.0.0 (Wallaby), but until 26.2.1 nova-compute compared the model without its flags with the host
 * CPU at start-up, and refused to start on a host lacking a feature the flags disable. Nova
 * lower-cases the flags and maps the model case-insensitively to libvirt's names; libvirt's names
 * are lower case.
 */
public final class NovaReportRenderer extends SettingsRenderer<CommentLines> {

    public NovaReportRenderer() {
        super("nova", "report.nova.conf");
    }

    @Override
    CommentLines open(Writer writer, Report report) {
        return new CommentLines(writer, report, "OpenStack Nova CPU settings, one [libvirt] section per cluster"
                + " and guest (Nova 27.0.0 (2023.1), 26.2.1 or later; virt_type kvm or qemu).",
                "nova.conf holds one [libvirt] section per compute node: copy the section of your cluster into the",
                "nova.conf of each of that cluster's compute nodes (each cluster's nodes get their own section, e.g.",
                "from your configuration management per host aggregate) and restart nova-compute there. Never paste",
                "the whole file: oslo.config merges repeated [libvirt] sections, and the last value wins.");
    }

    @Override
    void section(CommentLines out, ClusterResult c, ClusterBaseline b) throws IOException {
        NamedCpu cpu = namedCpu(out, b, HypervisorCpus.libvirt(), "no [libvirt] section", unsuited("libvirt"));
        if (cpu == null) {
            return;
        }
        section(cpu).forEach(out::line);
        leftOut(out, cpu);
        Integer physBits = physBits(b, cpu);
        if (physBits != null) {
            out.comment("the hosts' fewest physical address bits, as flavor extra specs (Nova 29.0.0 and later):"
                    + " hw:maxphysaddr_mode=emulate hw:maxphysaddr_bits=" + physBits);
        }
    }

    /** The {@code [libvirt]} section's lines. */
    static List<String> section(NamedCpu cpu) {
        // cpu_model_extra_flags is written even when empty, so that no flags from an earlier setting stay.
        return List.of("[libvirt]", "cpu_mode = custom", "cpu_models = " + cpu.model(),
                "cpu_model_extra_flags = " + String.join(", ", signedFeatures(cpu)));
    }
}
