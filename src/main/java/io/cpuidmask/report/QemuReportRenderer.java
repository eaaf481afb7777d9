package io.cpuidmask.report;

import io.cpuidmask.baseline.HypervisorCpus;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.baseline.QemuCpus;
import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.io.PrintWriter;
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
public final class QemuReportRenderer implements ReportRenderer {

    @Override
    public String format() {
        return "qemu";
    }

    @Override
    public String fileName() {
        return "report.qemu.txt";
    }

    @Override
    public void render(Report report, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        SettingsSections sections = new SettingsSections();
        SettingsSections.fileHeader(out, report, "QEMU -cpu options, one per cluster and guest; give yours to"
                + " qemu-system-x86_64 on every host of the cluster (QEMU " + QemuCpus.shipped().qemuVersion()
                + "'s names; QEMU 7.2 or later).");
        for (ClusterResult c : report.clusters()) {
            SettingsSections.Section s = sections.open(out, c, HypervisorCpus.qemu(), "no -cpu option",
                    SettingsSections.unsuited("QEMU"));
            if (s.cpu() != null) {
                out.println(option(s.cpu(), SettingsSections.physBits(s.baseline(), s.cpu())));
                SettingsSections.leftOutComment(out, s.cpu());
            }
        }
        out.flush();
    }

    /** {@code -cpu Model,+a,-b,phys-bits=40,enforce}; {@code physBits} null: none. */
    static String option(NamedCpu cpu, Integer physBits) {
        List<String> parts = new ArrayList<>();
        parts.add(cpu.model());
        parts.addAll(SettingsSections.signedFeatures(cpu));
        if (physBits != null) {
            parts.add("phys-bits=" + physBits);
        }
        parts.add("enforce");
        return "-cpu " + String.join(",", parts);
    }
}
