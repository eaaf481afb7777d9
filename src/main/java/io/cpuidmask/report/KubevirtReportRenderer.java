package io.cpuidmask.report;

import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.HypervisorCpus;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code report.kubevirt.yaml}: for every cluster and guest a YAML document, a merge patch of a
 * KubeVirt VirtualMachine that sets {@code spec.template.spec.domain.cpu}: {@code model} (a libvirt
 * model) and {@code features} ({@code name}, a libvirt feature name, and {@code policy}), which
 * KubeVirt turns into the domain's {@code <cpu mode='custom'>}.
 *
 * <p>The model is libvirt's choice for the cluster (report.libvirt.xml) restricted to models every
 * host runs in full (but for MPX, which KubeVirt disables itself) and KubeVirt does not call
 * obsolete, because KubeVirt places a VM naming model M only on nodes labelled
 * {@code cpu-model.node.kubevirt.io/M}, and labels only nodes that can give all of M: a model some
 * host needs a feature disabled from would never run there. Every scalar is double-quoted, in
 * YAML's escapes for every character that is not printable or would break the line, so a name
 * like {@code on} stays a string.
 */
public final class KubevirtReportRenderer extends SettingsRenderer<CommentLines> {

    private static final String CPU = "          ";

    public KubevirtReportRenderer() {
        super("kubevirt", "report.kubevirt.yaml");
    }

    @Override
    CommentLines open(Writer writer, Report report) {
        return new CommentLines(writer, report, "KubeVirt CPU settings, one YAML document per cluster and guest:"
                + " a merge patch of a VirtualMachine's spec.template.spec.domain.cpu.",
                "Apply yours with: kubectl patch vm NAME --type merge --patch-file FILE (FILE holding that one",
                "document), or copy its cpu: mapping under spec.domain of a VirtualMachineInstance. KubeVirt then runs",
                "the VM only on nodes it labels cpu-model.node.kubevirt.io/MODEL, which every host of the cluster is.");
    }

    @Override
    void section(CommentLines out, ClusterResult c, ClusterBaseline b) throws IOException {
        NamedCpu cpu = namedCpu(out, b, HypervisorCpus.kubevirt(), "no cpu", KubevirtReportRenderer::unsuited);
        if (cpu != null) {
            leftOut(out, cpu);
            document(cpu).forEach(out::line);
        }
    }

    /** Why no model suits: the models every host runs in full are all obsolete to KubeVirt, or there are none. */
    private static String unsuited(ClusterBaseline b) {
        NamedCpu obsolete = HypervisorCpus.libvirt().runnable(Set.of(), Set.of("mpx")).choose(b.vendor(), b.commonFeatures());
        return obsolete.model() == null ? "every libvirt CPU model has a feature some host lacks"
                : "every libvirt CPU model all hosts run in full is in KubeVirt's default obsoleteCPUModels; the closest, "
                + obsolete.model() + ", would do once removed from obsoleteCPUModels in the KubeVirt resource";
    }

    /** The YAML document of one section, from its {@code ---} on. */
    static List<String> document(NamedCpu cpu) {
        List<String> lines = new ArrayList<>(List.of("---", "spec:", "  template:", "    spec:", "      domain:",
                "        cpu:", CPU + "model: " + quoted(cpu.model())));
        if (cpu.add().isEmpty() && cpu.remove().isEmpty()) {
            lines.add(CPU + "features: []"); // a merge patch replaces the list: no earlier feature stays
            return lines;
        }
        lines.add(CPU + "features:");
        cpu.add().forEach(f -> feature(lines, f, "require"));
        cpu.remove().forEach(f -> feature(lines, f, "disable"));
        return lines;
    }

    private static void feature(List<String> lines, String name, String policy) {
        lines.add(CPU + "- name: " + quoted(name));
        lines.add(CPU + "  policy: " + quoted(policy));
    }

    /**
     * A YAML double-quoted scalar: {@code \"} and {@code \\}, and a 4-digit backslash-u escape for every character
     * YAML does not print as it is or reads as a line break (C0, DEL, C1 with NEL, U+2028, U+2029,
     * U+FEFF, U+FFFE, U+FFFF); a lone surrogate, which no YAML scalar can hold, becomes U+FFFD.
     */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append("\\ufffd");
            } else if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029 || c == 0xfeff || c >= 0xfffe) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
