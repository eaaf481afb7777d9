package io.cpuidmask.baseline;

import io.cpuidmask.model.HostProfile;
import java.io.IOException;
import java.io.Writer;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes hosts as the host-CPU XML that {@code virsh cpu-baseline --features FILE} reads: one
 * {@code <cpu>} per host with model {@code pentium} (which every x86 CPU covers) and the host's
 * features in libvirt's names. For side-by-side checks and benchmarks against libvirt.
 */
public final class LibvirtHostCpus {

    private final BaselineCalculator calculator;

    public LibvirtHostCpus(BaselineCalculator calculator) {
        this.calculator = calculator;
    }

    public void write(Iterable<HostProfile> hosts, Writer out) throws IOException {
        for (HostProfile h : hosts) {
            Set<String> features = calculator.featuresOf(h).stream().map(FeatureBit::libvirtName)
                    .filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
            out.write("<cpu><arch>x86_64</arch><model>pentium</model><vendor>");
            out.write("AuthenticAMD".equals(h.vendor()) ? "AMD" : "Intel");
            out.write("</vendor>");
            for (String f : features) {
                out.write("<feature name='" + f + "'/>");
            }
            out.write("</cpu>\n");
        }
    }
}
