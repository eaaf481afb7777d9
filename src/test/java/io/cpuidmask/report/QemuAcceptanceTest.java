package io.cpuidmask.report;

import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.CorpusDumps;
import io.cpuidmask.baseline.FeatureBit;
import io.cpuidmask.baseline.HypervisorCpus;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.baseline.QemuCpus;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.support.Qemu;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code -cpu} option cpuidmask writes is given to the real QEMU ({@code -machine pc,accel=tcg -S}),
 * for the shipped example clusters (as report.qemu.txt writes them) and for clusters of real CPUs
 * from the shared corpus (each alone, every pair of one vendor, all of a vendor together): QEMU must start, and the vCPU it builds (feature-words plus the
 * filtered-features TCG cannot emulate, over QMP) must have no bit some host lacks and every common
 * feature the section does not list as left out. With {@code enforce}, QEMU may refuse only because
 * TCG cannot emulate a feature, never for a name or syntax it does not know.
 */
class QemuAcceptanceTest {

    private static final Pattern SECTION = Pattern.compile("^# == cluster (.*), guest (\\S+): \\S+$");
    /** Reasons a common feature may be left out that this test checks independently. */
    private static final Set<String> NEVER_ADD = Set.of("monitor", "acpi", "vmx", "svm", "invtsc");

    /** One -cpu option for one cluster's hosts, and the guest CPU the settings say it describes. */
    record Case(String label, List<HostProfile> hosts, String option, NamedCpu cpu, Set<String> carried) {
    }

    /** The features some QEMU model carries: a feature no model carries is rightly never added. */
    static Set<String> carriedByQemuModels() {
        Set<String> carried = new TreeSet<>();
        QemuCpus.shipped().models().forEach(m -> carried.addAll(m.features()));
        return carried;
    }

    static NamedCpu qemuCpu(List<HostProfile> hosts) {
        ClusterBaseline b = BaselineCalculator.shipped().cluster("c", hosts);
        return HypervisorCpus.qemu().choose(b.vendor(), b.commonFeatures());
    }

    @Test
    void everyOptionForTheShippedExamplesStartsQemuWithTheBaseline() throws Exception {
        assumeQemu();
        Report report = HypervisorRenderersTest.check("profiles", List.of("linux-64", "windows"));
        Map<String, List<HostProfile>> hosts = new LinkedHashMap<>();
        report.clusters().forEach(c -> hosts.put(c.cluster(), c.hosts()));
        String text = HypervisorRenderersTest.render(new QemuReportRenderer(), report);
        List<Case> cases = new ArrayList<>();
        String cluster = null;
        for (String line : text.lines().toList()) {
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                cluster = m.group(1);
            } else if (line.startsWith("-cpu ")) {
                cases.add(new Case(cluster, hosts.get(cluster), line.substring("-cpu ".length()),
                        qemuCpu(hosts.get(cluster)), carriedByQemuModels()));
            }
        }
        assertEquals(report.clusters().size(), cases.size(), "one -cpu option per section:\n" + text);
        assertEquals(0, run(cases), "see the messages above");
    }

    @Test
    void everyOptionForClustersOfRealCpusStartsQemuWithTheBaseline() throws Exception {
        assumeQemu();
        Assumptions.assumeTrue(Files.isDirectory(CorpusDumps.ROOT), "../shared/corpus missing: skipped");
        BaselineCalculator calc = BaselineCalculator.shipped();
        List<Case> cases = new ArrayList<>();
        List<List<HostProfile>> clusters = new ArrayList<>(CorpusDumps.clusters());
        clusters.addAll(CorpusDumps.pairs());
        for (List<HostProfile> hosts : clusters) {
            ClusterBaseline b = calc.cluster("c", hosts);
            NamedCpu cpu = HypervisorCpus.qemu().choose(b.vendor(), b.commonFeatures());
            String option = QemuReportRenderer.option(cpu, SettingsRenderer.physBits(b, cpu)).substring("-cpu ".length());
            cases.add(new Case(hosts.stream().map(HostProfile::host).collect(Collectors.joining(" + ")), hosts, option,
                    cpu, carriedByQemuModels()));
        }
        assertTrue(cases.size() >= 150, "only " + cases.size() + " clusters");
        assertEquals(0, run(cases), "see the messages above");
        System.out.printf("QEMU %s: %d -cpu options of real-CPU clusters started and checked%n",
                QemuCpus.shipped().qemuVersion(), cases.size());
    }

    static void assumeQemu() {
        Assumptions.assumeTrue(Qemu.binary().isPresent(),
                "qemu-system-x86_64 not installed (Debian: qemu-system-x86): QEMU acceptance skipped");
    }

    /** Checks every case on two threads; prints each failure and returns how many failed. */
    static int run(List<Case> cases) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (Case c : cases) {
                results.add(pool.submit(() -> check(c)));
            }
            int failed = 0;
            for (int i = 0; i < cases.size(); i++) {
                List<String> problems = results.get(i).get();
                if (!problems.isEmpty()) {
                    failed++;
                    System.out.println("FAIL " + cases.get(i).label() + ": -cpu " + cases.get(i).option()
                            + "\n  " + String.join("\n  ", problems));
                }
            }
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<String> check(Case c) throws Exception {
        List<String> problems = new ArrayList<>();
        ClusterBaseline b = BaselineCalculator.shipped().cluster("c", c.hosts());
        NamedCpu cpu = c.cpu();
        problems.addAll(leftOutProblems(cpu, c.carried()));
        String withoutEnforce = c.option().replaceAll(",enforce(?=,|$)", "");
        Map<RegisterKey, Integer> words;
        Qemu.Start start = Qemu.start(withoutEnforce);
        if (start instanceof Qemu.Refused r) {
            return List.of("QEMU refused it: " + r.message());
        }
        try (Qemu q = ((Qemu.Running) start).qemu()) {
            words = q.requestedWords();
        }
        GuestCpuCheck.bitsSomeHostLacks(words, c.hosts(), b.vendor()).forEach(p -> problems.add("guest has " + p));
        Set<FeatureBit> leftOut = cpu.leftOut().stream().map(NamedCpu.LeftOut::feature).collect(Collectors.toSet());
        GuestCpuCheck.commonFeaturesMissing(words, b, leftOut).forEach(p -> problems.add("guest lacks common " + p));
        Qemu.Start enforced = Qemu.start(c.option());
        if (enforced instanceof Qemu.Running r) {
            r.qemu().close();
        } else if (!((Qemu.Refused) enforced).message().contains("doesn't support requested feature")) {
            problems.add("with enforce QEMU refused it for another reason than TCG's limits: "
                    + ((Qemu.Refused) enforced).message());
        }
        return problems;
    }

    /** Each common feature the option leaves out is out for a reason this test can see in QEMU's own data. */
    static List<String> leftOutProblems(NamedCpu cpu, Set<String> carried) {
        QemuCpus qemu = QemuCpus.shipped();
        List<String> problems = new ArrayList<>();
        for (NamedCpu.LeftOut l : cpu.leftOut()) {
            String name = qemu.nameAt(l.feature().key(), l.feature().bit()).orElse(null);
            if (name != null && !NEVER_ADD.contains(name) && carried.contains(name)) {
                problems.add("left out " + l.feature().name() + " (" + name + "), which QEMU models carry: " + l.reason());
            }
        }
        return problems;
    }
}
