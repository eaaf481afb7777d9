package io.cpuidmask.report;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.ClusterGuest;
import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.FindingItem;
import io.cpuidmask.facts.MaskSet;
import io.cpuidmask.facts.Waiver;
import io.cpuidmask.files.Sha256;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.RuleInfo;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.profile.ProfileParser;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The values {@link ReportFixtures} builds its reports from, with the placeholders of every golden file. */
final class FixtureParts {

    static final Instant GENERATED = Instant.parse("2026-01-02T03:04:05Z");
    private static final String RULE_FILE = "rules/fixture.drl";

    /** The finding rules the fixtures' findings name, and one rule that only derives facts. */
    static final List<RuleInfo> RULES = List.of(
            rule("broken-dependency", "Hidden feature another depends on", "ERROR",
                    "The mask hides a feature another visible feature depends on", 10),
            rule("derive-differing-bits", "Bits the hosts differ on", null, null, 20),
            rule("firmware-difference", "Firmware-switched bit differs", "WARNING",
                    "Hosts of one CPU model differ in a bit firmware switches", 30),
            rule("hidden-user-mode-feature", "Hidden user-mode feature", "WARNING",
                    "Hiding a user-mode feature does not stop code that runs CPUID", 40),
            rule("linux-hidden-simd", "SIMD hidden from Linux", "WARNING",
                    "Linux runtimes pick SIMD code paths from CPUID at start-up", 50),
            rule("mixed-vendors", "Intel and AMD hosts", "ERROR", "Intel and AMD hosts never live-migrate to each other", 60),
            rule("register-not-compared", "Register not compared", "INFO",
                    "A register some host does not report cannot be compared", 70),
            rule("waiver-expired", "Expired waiver", "WARNING", "A waiver that would cover a finding has expired", 80));

    private static final MaskString DEFAULT_MASK = MaskString.uniform(MaskChar.H);

    private FixtureParts() {
    }

    private static RuleInfo rule(String id, String name, String severity, String description, int line) {
        return new RuleInfo(id, name, severity, description, RULE_FILE, line);
    }

    /** The host of {@code profiles/<profile>.yaml}, named and placed in a cluster as the scenario needs. */
    static HostProfile host(String profile, String name, String cluster) {
        String file = "profiles/" + profile + ".yaml";
        ProfileParser.Result read = new ProfileParser().parse(file, new String(bytes(file), StandardCharsets.UTF_8));
        if (!read.errors().isEmpty() || read.hosts().size() != 1) {
            throw new IllegalStateException(file + ": " + read.errors());
        }
        HostProfile h = read.hosts().get(0);
        return new HostProfile(name, cluster, h.vendor(), h.description(), h.registers(), h.source(), h.lines());
    }

    /** A cluster checked for a guest; the guest's OS and bits follow its name as the shipped catalogues do. */
    static ClusterGuest cluster(String cluster, String guest, List<HostProfile> hosts) {
        String os = Stream.of("windows", "linux", "solaris").filter(guest::startsWith).findFirst().orElse("other");
        Set<String> vendors = new LinkedHashSet<>();
        hosts.forEach(h -> vendors.add(h.vendor()));
        return new ClusterGuest(cluster, guest, os, guest.endsWith("-64") ? 64 : 32,
                hosts.stream().map(HostProfile::host).toList(), vendors, List.of(), new MaskSet(cluster, 0, List.of(guest), vendors));
    }

    /** A finding about one bit (or register, or feature; or, all null, about the cluster and guest). */
    static Finding finding(ClusterGuest c, String rule, Severity severity, String host, RegisterKey key, Integer bit,
                           String feature, String message) {
        List<FindingItem> items = key == null && feature == null ? List.of()
                : List.of(new FindingItem(rule, c, host == null ? List.of() : List.of(host), key, bit, feature, null, null));
        return new Finding(rule, severity, message, c, host, items, null);
    }

    /** A finding that lists features of one register (catalogue names), as a grouping rule reports them. */
    static Finding grouped(ClusterGuest c, String rule, Severity severity, RegisterKey key, String message,
                           String... features) {
        List<FindingItem> items = Stream.of(features).map(name -> feature(key, name))
                .map(f -> new FindingItem(rule, c, List.of(), key, f.getBit(), f.getName(), null, null)).sorted().toList();
        return new Finding(rule, severity, message, c, null, items, null);
    }

    /** The finding, covered by an active waiver. */
    static Finding waivedBy(Finding f, Waiver w) {
        return new Finding(f.getRuleId(), f.getSeverity(), f.getMessage(), f.getClusterGuest(), f.getHost(), f.getItems(), w);
    }

    /** A register whose custom mask hides the named features (catalogue names: all in {@code key}). */
    static MaskResult mask(RegisterKey key, String... features) {
        List<Feature> hidden = Stream.of(features).map(name -> feature(key, name))
                .sorted(Comparator.comparingInt(Feature::getBit)).toList();
        int bits = hidden.stream().mapToInt(f -> 1 << f.getBit()).reduce(0, (a, b) -> a | b);
        MaskString custom = MaskString.hiding(bits);
        return new MaskResult(key, DEFAULT_MASK, custom, custom.over(DEFAULT_MASK),
                hidden.stream().map(Feature::getBit).toList(), hidden.stream().map(Feature::getName).toList(), "fixture",
                bits, List.of());
    }

    private static Feature feature(RegisterKey key, String name) {
        Feature f = FeatureCatalogs.shipped().byName(name).orElseThrow(() -> new IllegalArgumentException("no feature " + name));
        if (!f.getKey().equals(key)) {
            throw new IllegalArgumentException(name + " is in " + f.getKey().label() + ", not " + key.label());
        }
        return f;
    }

    /** A register compared and left as the default. */
    static MaskResult unmasked(RegisterKey key) {
        return mask(key);
    }

    static ClusterResult result(ClusterGuest c, List<HostProfile> hosts, Status status, List<MaskResult> masks) {
        return result(c, hosts, status, masks, List.of());
    }

    static ClusterResult result(ClusterGuest c, List<HostProfile> hosts, Status status, List<MaskResult> masks,
                                List<Finding> findings) {
        return new ClusterResult(c, hosts, status, masks, findings.stream().sorted().toList());
    }

    /** A report at {@link #GENERATED} with the placeholders of a golden file; the inputs are the hosts' files. */
    static Report report(List<ClusterResult> clusters, List<InputError> errors, List<InputError> warnings) {
        List<Report.Input> inputs = clusters.stream().flatMap(c -> c.hosts().stream())
                .map(h -> new Report.Input(h.source().file(), Sha256.hex(bytes(h.source().file())), h.host())).distinct().toList();
        return new Report("VERSION", GENERATED, "RULES-SHA256", List.of(RULE_FILE), RULES, inputs, clusters, errors,
                warnings, List.of(new Report.RuleFolder("rules", "rules", "FOLDER-SHA256")));
    }

    private static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
