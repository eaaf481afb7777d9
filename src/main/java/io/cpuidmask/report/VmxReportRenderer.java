package io.cpuidmask.report;

import io.cpuidmask.baseline.BitNames;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.FeatureBit;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code report.vmx}: VMware {@code .vmx} lines, one section per cluster and guest.
 * <ul>
 *   <li>The custom masks of VMware's legacy per-register CPUID masking (virtual hardware 8 and older;
 *       honoured on newer hardware too): {@code cpuid.<leaf>.<register> = "<mask>"}, leaf in lower-case
 *       hex without leading zeros, 32 mask characters bit 31 first in groups of four separated by
 *       {@code :}, as vSphere's HostCpuIdInfo and real {@code .vmx} files write them. Leaf 7 and 0xD
 *       subleaf 0 are the plain leaf ({@code cpuid.7.ebx}, as VMware KB 52345 writes it); a non-zero
 *       subleaf is {@code cpuid.<leaf>.<subleaf>.<register>} under a comment saying ESXi may ignore it.
 *       AMD clusters also get the {@code .amd} key, which a VM's existing {@code .amd} key would
 *       otherwise override on AMD hosts.</li>
 *   <li>For virtual hardware 9 and later, per-VM feature masks: {@code featMask.vm.cpuid.<NAME> = "Val:0"}
 *       for every feature some host of the cluster has and another lacks, in VMware's feature names
 *       (vmware-featmask-names.yaml, from open-vm-tools' x86cpuid.h and vSphere's feature keys), and
 *       the highest EVC mode every host supports, for per-VM EVC.</li>
 * </ul>
 */
public final class VmxReportRenderer extends SettingsRenderer<CommentLines> {

    private static final String FEATMASK_NAMES = "/io/cpuidmask/baseline/vmware-featmask-names.yaml";

    public VmxReportRenderer() {
        super("vmx", "report.vmx");
    }

    @Override
    CommentLines open(Writer writer, Report report) {
        return new CommentLines(writer, report, "VMware .vmx lines, one section per cluster and guest.",
                "Paste the lines of your cluster and guest into the .vmx of a powered-off VM: the cpuid.* masks",
                "('-' keeps the default, '0' hides the bit from the guest) for any virtual hardware version,",
                "the featMask.vm.cpuid.* lines for virtual hardware 9 and later.");
    }

    @Override
    void section(CommentLines out, ClusterResult c, ClusterBaseline b) {
        boolean amd = b.vendors().contains("AuthenticAMD");
        boolean any = false;
        for (MaskResult m : c.masks()) {
            if (!m.hidesAnything()) {
                continue;
            }
            if (m.key().subleaf() != 0) {
                out.comment("subleaf " + m.key().subleaf() + ": VMware documents no .vmx key for a non-zero subleaf;"
                        + " check that ESXi honours this line");
            }
            out.comment("hides " + String.join(", ", m.hiddenFeatures()));
            String mask = m.custom().format(':');
            out.line(m.key().vmxName() + " = \"" + mask + "\"");
            if (amd) {
                out.line(m.key().vmxName() + ".amd = \"" + mask + "\"");
            }
            any = true;
        }
        if (!any) {
            out.comment("no custom mask needed");
        }
        featureMasks(out, b);
    }

    private static void featureMasks(CommentLines out, ClusterBaseline b) {
        if (b.mixedVendors()) {
            out.comment("no feature masks or EVC mode: the hosts' vendors differ, and vMotion between Intel and AMD never works");
            return;
        }
        out.comment("virtual hardware 9 and later: per-VM EVC mode "
                + (b.evcMode() == null ? "none of the covered modes" : b.evcMode().name())
                + " (vSphere Client: VM > Configure > VMware EVC), or these feature masks:");
        List<String> unnamed = new ArrayList<>();
        boolean any = false;
        for (FeatureBit f : differing(b)) {
            String name = featMaskNames().at(f.key(), f.bit()).orElse(null);
            if (name == null) {
                unnamed.add(f.name());
            } else {
                out.line("featMask.vm.cpuid." + name + " = \"Val:0\"");
                any = true;
            }
        }
        if (!any) {
            out.comment("(none: the hosts have the same features VMware names)");
        }
        if (!unnamed.isEmpty()) {
            out.comment("differing features without a VMware feature-mask name: " + String.join(", ", unnamed));
        }
    }

    private static BitNames featMaskNames() {
        return BitNames.shipped(FEATMASK_NAMES);
    }
}
