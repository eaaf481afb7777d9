package io.cpuidmask.report;

import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.CorpusDumps;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.baseline.ProxmoxCpus;
import io.cpuidmask.model.HostProfile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every section of report.proxmox.conf, read as Proxmox VE 7.4 reads cpu-models.conf and the VM's
 * {@code cpu:} line (ProxmoxCpuArgs, strict: anything Proxmox would refuse or silently drop fails),
 * turned into the {@code -cpu} argument Proxmox passes to QEMU, and that argument given to the real
 * QEMU as {@link QemuAcceptanceTest} does: it starts, with no bit some host lacks and the common
 * features kept. Model names are unique across sections and fit Proxmox's API (40 characters).
 */
class ProxmoxAcceptanceTest {

    private static final Pattern SECTION = Pattern.compile("^# == cluster (.*), guest (\\S+): \\S+$");
    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_-]{1,39}$");

    @Test
    void everyModelStartsQemuAsProxmoxPassesIt() throws Exception {
        QemuAcceptanceTest.assumeQemu();
        Report report = HypervisorRenderersTest.check("profiles", List.of("linux-64", "windows"));
        Map<String, List<HostProfile>> hosts = new LinkedHashMap<>();
        report.clusters().forEach(c -> hosts.put(c.cluster(), c.hosts()));
        String text = HypervisorRenderersTest.render(new ProxmoxReportRenderer(), report);
        Set<String> carried = new TreeSet<>();
        ProxmoxCpus.REPORTED_MODELS.forEach(n -> ProxmoxCpus.qemuModel(n).ifPresent(m -> carried.addAll(m.features())));

        List<QemuAcceptanceTest.Case> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String cluster = null;
        StringBuilder model = null;
        for (String line : text.lines().toList()) {
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                cluster = m.group(1);
            } else if (line.startsWith("cpu-model: ")) {
                String name = line.substring("cpu-model: ".length());
                assertTrue(NAME.matcher(name).matches(), "Proxmox's API refuses the model name " + name);
                assertTrue(names.add(name), "two sections define " + name);
                model = new StringBuilder(line).append('\n');
            } else if (model != null && line.startsWith("\t")) {
                model.append(line).append('\n');
            } else if (line.startsWith("cpu: ")) {
                assertTrue(model != null, "cpu: line without a model: " + line);
                String cpu = ProxmoxCpuArgs.cpuArg(model.toString(), line, "l26", false);
                ClusterBaseline b = BaselineCalculator.shipped().cluster("c", hosts.get(cluster));
                NamedCpu expected = ProxmoxCpus.chooser().choose(b.vendor(), b.commonFeatures());
                cases.add(new QemuAcceptanceTest.Case(cluster + " (Proxmox)", hosts.get(cluster), cpu, expected, carried));
                model = null;
            }
        }
        assertEquals(report.clusters().size(), cases.size(), "one model and cpu: line per section:\n" + text);
        assertEquals(0, QemuAcceptanceTest.run(cases), "see the messages above");
    }

    @Test
    void modelsForClustersOfRealCpusStartQemuAsProxmoxPassesThem() throws Exception {
        QemuAcceptanceTest.assumeQemu();
        Assumptions.assumeTrue(Files.isDirectory(
                CorpusDumps.ROOT), "../shared/corpus missing: skipped");
        Set<String> carried = new TreeSet<>();
        ProxmoxCpus.REPORTED_MODELS.forEach(n -> ProxmoxCpus.qemuModel(n).ifPresent(m -> carried.addAll(m.features())));
        List<QemuAcceptanceTest.Case> cases = new ArrayList<>();
        List<List<HostProfile>> clusters = new ArrayList<>(CorpusDumps.clusters());
        clusters.addAll(CorpusDumps.pairs());
        for (List<HostProfile> hosts : clusters) {
            ClusterBaseline b = BaselineCalculator.shipped().cluster("c", hosts);
            NamedCpu cpu = ProxmoxCpus.chooser().choose(b.vendor(), b.commonFeatures());
            String name = ProxmoxReportRenderer.modelName("c" + cases.size(), "g");
            String conf = String.join("\n", ProxmoxReportRenderer.modelSection(name, cpu, SettingsRenderer.physBits(b, cpu))) + "\n\n";
            String arg = ProxmoxCpuArgs.cpuArg(conf, "cpu: custom-" + name, "l26", false);
            cases.add(new QemuAcceptanceTest.Case(String.join(" + ", hosts.stream().map(HostProfile::host).toList())
                    + " (Proxmox)", hosts, arg, cpu, carried));
        }
        assertEquals(0, QemuAcceptanceTest.run(cases), "see the messages above");
    }
}
