package io.cpuidmask.report;

import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.HypervisorCpus;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.baseline.QemuCpus;
import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code report.qemu.txt}: for every cluster and guest the QEMU option
 * {@code -cpu <Model>,+feat,...,-feat,...,phys-bits=N,enforce} that gives a guest the features every
 * host of the cluster has and none that some host lacks: the named model of the cluster's baseline
 * (never {@code host}, which starts from whichever host the guest boots on), in QEMU's own names
 * (qemu-cpu.yaml, read off QEMU), {@code phys-bits} the fewest of the hosts', and {@code enforce}, so
 * that QEMU refuses to start on a host that cannot give the CPU rather than silently drop features.
 */
public final class QemuReportRenderer extends SettingsRenderer<CommentLines> {

    public QemuReportRenderer() {
        super("qemu", "report.qemu.txt");
    }

    @Override
    CommentLines open(Writer writer, Report report) {
        return new CommentLines(writer, report, "QEMU -cpu options, one per cluster and guest; give yours to"
                + " qemu-system-x86_64 on every host of the cluster (QEMU " + QemuCpus.shipped().qemuVersion()
                + "'s names; QEMU 7.2 or later).");
    }

    @Override
    void section(CommentLines out, ClusterResult c, ClusterBaseline b) throws IOException {
        NamedCpu cpu = namedCpu(out, b, HypervisorCpus.qemu(), "no -cpu option", unsuited("QEMU"));
        if (cpu != null) {
            out.line(option(cpu, physBits(b, cpu)));
            leftOut(out, cpu);
        }
    }

    /** {@code -cpu Model,+a,-b,phys-bits=40,enforce}; {@code physBits} null: none. */
    static String option(NamedCpu cpu, Integer physBits) {
        List<String> parts = new ArrayList<>();
        parts.add(cpu.model());
        parts.addAll(signedFeatures(cpu));
        if (physBits != null) {
            parts.add("phys-bits=" + physBits);
        }
        parts.add("enforce");
        return "-cpu " + String.join(",", parts);
    }
}
