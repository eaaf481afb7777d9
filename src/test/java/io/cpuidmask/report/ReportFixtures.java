package io.cpuidmask.report;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.ClusterGuest;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.Waiver;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Status;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import io.cpuidmask.run.UnknownGuestException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.cpuidmask.model.Severity.ERROR;
import static io.cpuidmask.model.Severity.INFO;
import static io.cpuidmask.model.Severity.WARNING;
import static io.cpuidmask.report.FixtureParts.GENERATED;
import static io.cpuidmask.report.FixtureParts.cluster;
import static io.cpuidmask.report.FixtureParts.finding;
import static io.cpuidmask.report.FixtureParts.host;
import static io.cpuidmask.report.FixtureParts.mask;
import static io.cpuidmask.report.FixtureParts.report;
import static io.cpuidmask.report.FixtureParts.result;
import static io.cpuidmask.report.FixtureParts.unmasked;
import static io.cpuidmask.report.FixtureParts.waivedBy;

/**
 * The reports every renderer is tested on, as PMD's renderer tests build theirs: results, masks and
 * findings written here as values, so editing a rule's message changes no golden file. Hosts are the
 * shipped example profiles (real CPUs), renamed where a scenario needs it. Only {@code seed} goes
 * through the shipped rules, so that the real pipeline stays covered.
 */
final class ReportFixtures {

    private static final RegisterKey LEAF1_ECX = RegisterKey.of(1, Register.ECX);
    private static final RegisterKey LEAF7_EBX = RegisterKey.of(7, Register.EBX);
    private static final RegisterKey EXT1_EDX = RegisterKey.of(0x8000_0001L, Register.EDX);
    private static final LocalDate TODAY = LocalDate.ofInstant(GENERATED, ZoneOffset.UTC);

    private ReportFixtures() {
    }

    /** Scenario name to its report, in the order the goldens are listed. */
    static Map<String, Supplier<Report>> scenarios() {
        Map<String, Supplier<Report>> s = new LinkedHashMap<>();
        s.put("empty", ReportFixtures::empty);
        s.put("seed", ReportFixtures::seed);
        s.put("input-errors", ReportFixtures::inputErrors);
        s.put("waived", ReportFixtures::waived);
        s.put("many-clusters", ReportFixtures::manyClusters);
        s.put("hostile", ReportFixtures::hostile);
        return s;
    }

    /** profiles/seed, every shipped guest, the shipped rules: the whole pipeline, with placeholders. */
    static Report seed() {
        Report r;
        try {
            r = new CheckRun(FeatureCatalogs.shipped(), Clock.fixed(GENERATED, ZoneOffset.UTC)).run(new CheckRequest(
                    List.of(Path.of("profiles/seed")), List.of(), List.of(Path.of("rules")), Path.of("rules/masks")));
        } catch (UnknownGuestException e) {
            throw new IllegalStateException("every guest is asked for, none by name", e);
        }
        if (!r.inputErrors().isEmpty()) {
            throw new IllegalStateException("the seed has input errors: " + r.inputErrors());
        }
        // Placeholders for what changes with every release and rule edit.
        return new Report("VERSION", r.generatedAt(), "RULES-SHA256", r.ruleFiles(), r.rules(), r.inputs(), r.clusters(),
                r.inputErrors(), r.inputWarnings(), r.ruleFolders().stream()
                        .map(f -> new Report.RuleFolder(f.folder(), f.kind(), "FOLDER-SHA256")).toList());
    }

    /** Hosts checked and nothing to say: two identical hosts, every guest PASS, no finding. */
    static Report empty() {
        List<HostProfile> hosts = List.of(host("intel-scalable/icx-6330", "icx-1", "twins"),
                host("intel-scalable/icx-6330", "icx-2", "twins"));
        ClusterGuest windows = cluster("twins", "windows", hosts);
        ClusterGuest linux = cluster("twins", "linux-64", hosts);
        return report(List.of(result(windows, hosts, Status.PASS, List.of(unmasked(LEAF1_ECX), unmasked(LEAF7_EBX))),
                result(linux, hosts, Status.PASS, List.of(unmasked(LEAF1_ECX), unmasked(EXT1_EDX)))), List.of(), List.of());
    }

    /** Nothing could be checked: only input problems (a file with a line, one without), and a dump's warning. */
    static Report inputErrors() {
        return report(List.of(), List.of(
                new InputError("profiles/broken.yaml", 3, "malformed YAML: expected ',' or ']', but got end of file"),
                new InputError("profiles/lab/esx-9.yaml", 7, "cpuid[0]: unknown key 'ecxx' (did you mean 'ecx'?)"),
                new InputError("profiles/missing", 0, "no such file or folder")),
                List.of(new InputError("dumps/esx-7.vmware.txt", 12, "line cut short: kept the registers before it")));
    }

    /**
     * Findings an active waiver covers (reason, expiry, where), and one whose waiver expired; the
     * waived AVX is a finding of its own beside the group of the features it left.
     */
    static Report waived() {
        List<HostProfile> hosts = intelMixed("intel-mixed");
        ClusterGuest windows = cluster("intel-mixed", "windows", hosts);
        ClusterGuest linux = cluster("intel-mixed", "linux-64", hosts);
        Waiver avx = new Waiver("hidden-user-mode-feature", "intel-mixed", null, "AVX",
                "render farm pinned to SSE4.2 code paths, ticket OPS-1234", LocalDate.of(2026, 12, 31), TODAY,
                "site/waivers.yaml", 2);
        Waiver broken = new Waiver("broken-dependency", "intel-mixed", null, null,
                "F16C unused by the guest software, vendor statement of 2025-11", LocalDate.of(2026, 6, 30), TODAY,
                "site/waivers.yaml", 8);
        List<Finding> winFindings = List.of(
                waivedBy(finding(windows, "hidden-user-mode-feature", WARNING, null, LEAF1_ECX, 28, "AVX",
                        "hiding AVX (00000001.ecx bit 28) does not stop user-mode code"), avx),
                FixtureParts.grouped(windows, "hidden-user-mode-feature", WARNING, LEAF1_ECX,
                        "hiding XSAVE, OSXSAVE (00000001.ecx bits 26, 27) does not stop user-mode code", "XSAVE", "OSXSAVE"),
                waivedBy(finding(windows, "broken-dependency", ERROR, null, LEAF1_ECX, 29, "F16C",
                        "hiding AVX leaves F16C, which depends on it, visible"), broken),
                finding(windows, "waiver-expired", WARNING, "hsw-e5-2660v3.dc1", null, null, null,
                        "waiver site/waivers.yaml:14 for firmware-difference expired on 2025-06-30: the finding counts again"),
                finding(windows, "firmware-difference", WARNING, "hsw-e5-2660v3.dc1", LEAF1_ECX, 6, "SMX",
                        "hosts of one CPU model differ in SMX (00000001.ecx bit 6): update the firmware rather than mask"));
        List<Finding> linuxFindings = List.of(
                waivedBy(finding(linux, "hidden-user-mode-feature", WARNING, null, LEAF1_ECX, 28, "AVX",
                        "hiding AVX (00000001.ecx bit 28) does not stop user-mode code"), avx),
                finding(linux, "register-not-compared", INFO, null, RegisterKey.of(6, Register.EAX), null, null,
                        "register 00000006.eax is not reported by nhm-e5520.dc1: not compared"));
        return report(List.of(
                result(windows, hosts, Status.RISKY, List.of(mask(LEAF1_ECX, "AVX", "XSAVE", "OSXSAVE")), winFindings),
                result(linux, hosts, Status.MASKED, List.of(mask(LEAF1_ECX, "AVX")), linuxFindings)), List.of(), List.of());
    }

    /** Four clusters, two guests, both vendors and a mixed one: every hypervisor section kind. */
    static Report manyClusters() {
        List<HostProfile> intel = intelMixed("intel-mixed");
        List<HostProfile> amd = List.of(host("amd-epyc-naples-rome/epyc-7551p", "epyc-7551p.dc2", "amd-epyc"),
                host("amd-epyc-naples-rome/epyc-7742", "epyc-7742.dc2", "amd-epyc"));
        List<HostProfile> mixed = List.of(host("intel-scalable/skx-6130", "skx-6130.dc3", "mixed"),
                host("amd-epyc-milan-genoa/epyc-9654", "epyc-9654.dc3", "mixed"));
        List<HostProfile> single = List.of(host("intel-scalable/icx-6330", "icx-6330.dc4", "single"));
        ClusterGuest intelWin = cluster("intel-mixed", "windows", intel);
        ClusterGuest intelLinux = cluster("intel-mixed", "linux-64", intel);
        ClusterGuest amdLinux = cluster("amd-epyc", "linux-64", amd);
        ClusterGuest mixedWin = cluster("mixed", "windows", mixed);
        ClusterGuest singleWin = cluster("single", "windows-64", single);
        return report(List.of(
                result(intelWin, intel, Status.MASKED, List.of(mask(LEAF1_ECX, "PCLMULQDQ", "AES", "XSAVE", "OSXSAVE", "AVX"),
                        mask(LEAF7_EBX, "BMI1", "AVX2")), List.of(finding(intelWin, "register-not-compared", INFO, null,
                        RegisterKey.of(6, Register.EAX), null, null, "register 00000006.eax is not reported: not compared"))),
                result(intelLinux, intel, Status.RISKY, List.of(mask(LEAF1_ECX, "AVX"), unmasked(LEAF7_EBX)),
                        List.of(finding(intelLinux, "linux-hidden-simd", WARNING, null, LEAF1_ECX, 28, "AVX",
                                "hiding AVX from a Linux guest is risky: runtimes pick AVX code paths at start-up"))),
                result(amdLinux, amd, Status.MASKED, List.of(mask(LEAF7_EBX, "CLWB")), List.of()),
                result(mixedWin, mixed, Status.FAIL, List.of(unmasked(LEAF1_ECX)), List.of(
                        finding(mixedWin, "mixed-vendors", ERROR, null, null, null, null,
                                "cluster 'mixed' has GenuineIntel and AuthenticAMD hosts: they never live-migrate"))),
                result(singleWin, single, Status.PASS, List.of(unmasked(LEAF1_ECX)), List.of())),
                List.of(new InputError("profiles/extra.yaml", 2, "host 'icx-6330.dc4' appears twice: kept the first")),
                List.of());
    }

    /**
     * Markup in every name (names must be printable, so no controls there) and terminal controls,
     * a bidi override and line breaks where input may carry them: a waiver's reason and a file name.
     */
    static Report hostile() {
        String cluster = "c</script>]]>--><x>&'\"|*`";
        List<HostProfile> hosts = List.of(
                host("intel-mixed/nhm-e5520", "<img src=x onerror=alert(1)>[l](http://e)|*x*", cluster),
                host("intel-mixed/snb-e5-2687w", "b\" cpuid.1.ecx = \"0000", cluster));
        ClusterGuest windows = cluster(cluster, "windows", hosts);
        Waiver waiver = new Waiver("hidden-user-mode-feature", cluster, null, null,
                "ok\u001b[31m red\u0007\u202e evil\n# Injected\r<b>", LocalDate.of(2026, 12, 31), TODAY,
                "site/waivers.yaml", 2);
        return report(List.of(result(windows, hosts, Status.MASKED, List.of(mask(LEAF1_ECX, "AVX")), List.of(
                        waivedBy(finding(windows, "hidden-user-mode-feature", WARNING, null, LEAF1_ECX, 28, "AVX",
                                "hiding AVX from '" + cluster + "' <script>alert(1)</script>"), waiver),
                        finding(windows, "register-not-compared", INFO, hosts.get(0).host(), null, null, null,
                                "host " + hosts.get(0).host() + " reports no 00000006.eax")))),
                List.of(new InputError("bad\n# Injected\u001b]0;title\u0007\u202e.yaml", 1, "malformed YAML near '<b>'")),
                List.of());
    }

    private static List<HostProfile> intelMixed(String cluster) {
        return List.of(host("intel-mixed/nhm-e5520", "nhm-e5520.dc1", cluster),
                host("intel-mixed/snb-e5-2687w", "snb-e5-2687w.dc1", cluster),
                host("intel-mixed/hsw-e5-2660v3", "hsw-e5-2660v3.dc1", cluster));
    }
}
