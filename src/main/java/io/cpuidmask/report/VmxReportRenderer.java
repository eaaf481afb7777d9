package io.cpuidmask.report;

import io.cpuidmask.engine.ClusterResult;
import io.cpuidmask.engine.MaskResult;
import io.cpuidmask.model.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * {@code report.vmx}: the custom masks as VMware {@code .vmx} lines,
 * {@code cpuid.<leaf>.<register> = "<mask>"}: leaf in lower-case hex without leading zeros
 * ({@code cpuid.80000001.edx}), mask bit 31 first in groups of four as the VI Client shows it
 * (the syntax of the seed article and VMware KB 1993). Only registers that hide something get a
 * line. VMware documents no key for a subleaf; leaf 7 and 0xD subleaf 0 are written as the plain
 * leaf ({@code cpuid.7.ebx}), a non-zero subleaf as {@code cpuid.<leaf>.<subleaf>.<register>}
 * under a comment saying so. Everything else is a {@code #} comment.
 */
public final class VmxReportRenderer implements ReportRenderer {

    @Override
    public String format() {
        return "vmx";
    }

    @Override
    public String fileName() {
        return "report.vmx";
    }

    @Override
    public void render(Report report, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        out.println("# cpuidmask " + ConfigText.comment(report.toolVersion())
                + ": per-VM CPUID masks in VMware .vmx syntax, one section per cluster and guest.");
        out.println("# Paste the cpuid.* lines of your cluster and guest into the .vmx of a powered-off VM");
        out.println("# ('-' keeps the default, '0' hides the bit from the guest).");
        for (ClusterResult c : report.clusters()) {
            out.println();
            out.println("# == cluster " + ConfigText.comment(c.cluster()) + ", guest " + ConfigText.comment(c.guest())
                    + ": " + c.status() + " (hosts: " + ConfigText.comment(String.join(", ", c.clusterGuest().getHosts())) + ")");
            if (c.status() == Status.FAIL) {
                out.println("# FAIL: no mask makes this cluster compatible (see report.json); the lines below are only what masking can do.");
            }
            boolean any = false;
            for (MaskResult m : c.masks()) {
                if (!m.hidesAnything()) {
                    continue;
                }
                if (m.key().subleaf() != 0) {
                    out.println("# subleaf " + m.key().subleaf() + ": VMware documents no .vmx key for subleaves; check that ESXi honours this line");
                }
                out.println("# hides " + ConfigText.comment(String.join(", ", m.hiddenFeatures())));
                out.println(m.key().vmxName() + " = \"" + m.custom().format() + "\"");
                any = true;
            }
            if (!any) {
                out.println("# no custom mask needed");
            }
        }
        out.flush();
    }
}
