package io.cpuidmask.baseline;

import io.cpuidmask.model.HostProfile;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes hosts as the host-CPU XML that {@code virsh cpu-baseline --features FILE} reads, one
 * {@code <cpu>} per host, the way {@code virsh capabilities} describes a host CPU: the closest
 * libvirt model the CPU runs as it is, and the features it has beyond that model (libvirt's names).
 * For side-by-side checks and benchmarks against libvirt; about 1 KB per host, so that 10,000 hosts
 * stay under virsh's 10 MB file limit.
 */
public final class LibvirtHostCpus {

    private final BaselineCalculator calculator;

    public LibvirtHostCpus(BaselineCalculator calculator) {
        this.calculator = calculator;
    }

    public void write(Iterable<HostProfile> hosts, Writer out) throws IOException {
        // Hosts of the same CPU get the same element: described once.
        Map<List<Object>, String> byCpu = new HashMap<>();
        for (HostProfile h : hosts) {
            out.write(byCpu.computeIfAbsent(List.of(Objects.toString(h.vendor()), h.registers()), k -> element(h)));
        }
    }

    private String element(HostProfile h) {
        Set<String> features = calculator.featuresOf(h).stream().map(FeatureBit::libvirtName)
                .filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
        var model = calculator.runnableModel(h.vendor(), features);
        Set<String> extra = new TreeSet<>(features);
        model.ifPresent(m -> extra.removeAll(m.getValue()));
        StringBuilder b = new StringBuilder("<cpu><arch>x86_64</arch><model>")
                .append(model.map(Map.Entry::getKey).orElse("pentium")).append("</model><vendor>")
                .append("AuthenticAMD".equals(h.vendor()) ? "AMD" : "Intel").append("</vendor>");
        for (String f : extra) {
            b.append("<feature name='").append(f).append("'/>");
        }
        return b.append("</cpu>\n").toString();
    }
}
