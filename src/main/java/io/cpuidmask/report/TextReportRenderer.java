package io.cpuidmask.report;

import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.IdentityField;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text for a person at a terminal. By default a summary: per cluster a line with its hosts,
 * then a line per guest with the verdict, the counts of findings by severity and the features the
 * mask hides, the first reasons under a FAIL, and the cluster's findings grouped (the same rule
 * and message shape across bits and guests once, with the features and guests it is about).
 * {@link Options#verbose()}: one block per cluster and guest with the hosts, the custom masks as
 * ready-to-paste {@code .vmx} lines naming the features they hide, the differing bits no mask
 * fixes, by name, and every finding in full; then the input problems.
 */
public final class TextReportRenderer implements ReportRenderer {

    /** Hidden features named on a guest's line before "+N more". */
    static final int HIDDEN_SHOWN = 6;
    /** Features or registers named in a group before "+N more". */
    static final int ITEMS_SHOWN = 8;
    /** Groups of errors shown under a FAIL. */
    static final int REASONS_SHOWN = 2;
    /** Hosts named on a cluster's line before "+N more". */
    static final int HOSTS_SHOWN = 4;
    /** Guests named in a group before it says only how many. */
    static final int GUESTS_NAMED = 4;

    /**
     * @param verbose     every finding in full, as blocks per cluster and guest
     * @param minSeverity the least severity of the findings listed (all are counted): in the summary
     *                    the groups shown under each cluster (a FAIL's reasons are always shown)
     * @param style       colour, or none
     */
    public record Options(boolean verbose, Severity minSeverity, TextStyle style) {

        /** The summary, WARNING and ERROR findings listed, no colour. */
        public static final Options SUMMARY = new Options(false, Severity.WARNING, TextStyle.PLAIN);

        public Options {
            if (minSeverity == null) {
                minSeverity = verbose ? Severity.INFO : Severity.WARNING;
            }
            if (style == null) {
                style = TextStyle.PLAIN;
            }
        }

        boolean lists(Severity s) {
            return s.ordinal() <= minSeverity.ordinal();
        }
    }

    private final FeatureCatalog features;
    private final Options options;

    public TextReportRenderer(FeatureCatalog features) {
        this(features, Options.SUMMARY);
    }

    public TextReportRenderer(FeatureCatalog features, Options options) {
        this.features = features;
        this.options = options;
    }

    @Override
    public String format() {
        return "text";
    }

    @Override
    public String fileName() {
        return null;
    }

    @Override
    public void render(Report report, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        if (options.verbose()) {
            verbose(report, out);
        } else {
            summary(report, out);
        }
        if (!report.ruleFolders().isEmpty()) {
            List<String> folders = new ArrayList<>();
            for (Report.RuleFolder f : report.ruleFolders()) {
                folders.add(t(f.folder()) + ("shipped".equals(f.kind()) ? "" : " (" + f.kind() + ")") + " sha256 " + f.sha256());
            }
            out.println("rules: " + String.join("; ", folders));
        }
        out.printf("%d cluster/guest checks: %d PASS, %d MASKED, %d RISKY, %d FAIL; %d hosts; findings: %d errors, %d warnings, %d info, %d waived; %d input errors%n",
                report.totals().checks(), report.count(Status.PASS), report.count(Status.MASKED),
                report.count(Status.RISKY), report.count(Status.FAIL), report.hostCount(),
                report.count(Severity.ERROR), report.count(Severity.WARNING), report.count(Severity.INFO),
                report.countWaived(), report.inputErrors().size());
        out.flush();
    }

    // ---- summary

    private void summary(Report report, PrintWriter out) {
        Map<String, List<ClusterResult>> clusters = new LinkedHashMap<>();
        for (ClusterResult c : report.clusters()) {
            clusters.computeIfAbsent(c.cluster(), k -> new ArrayList<>()).add(c);
        }
        int guestWidth = report.clusters().stream().mapToInt(c -> t(c.guest()).length()).max().orElse(0);
        int countsWidth = report.clusters().stream().mapToInt(c -> counts(c).length()).max().orElse(0);
        for (List<ClusterResult> results : clusters.values()) {
            clusterLine(results.get(0), out);
            List<FindingGroups.Found> listed = new ArrayList<>();
            for (ClusterResult c : results) {
                guestLine(c, guestWidth, countsWidth, out);
                if (c.status() == Status.FAIL) {
                    reasons(c, out);
                }
                for (Finding f : c.findings()) {
                    // a FAIL's errors are its reasons, above: the groups are what else there is to know
                    if (options.lists(f.getSeverity()) && !(f.getSeverity() == Severity.ERROR && c.status() == Status.FAIL
                            && !f.isWaived())) {
                        listed.add(new FindingGroups.Found(c.guest(), f));
                    }
                }
            }
            for (FindingGroups.Group g : FindingGroups.of(listed)) {
                out.printf("  %s %s (%s): %s%s%n", severityPadded(g.severity()), t(g.rule()), t(guests(g.guests(), results.size())),
                        t(g.summary(ITEMS_SHOWN)), g.waiver() == null ? "" : " " + t(g.waiver()));
            }
            out.println();
        }
        if (!report.inputErrors().isEmpty() || !report.inputWarnings().isEmpty()) {
            out.printf("%d input errors and %d warnings: listed on stderr and in the reports%n",
                    report.inputErrors().size(), report.inputWarnings().size());
        }
        if (report.clusters().stream().anyMatch(c -> !c.findings().isEmpty())) {
            out.println("(--verbose prints every finding in full, with the masks as .vmx lines)");
        }
    }

    private void clusterLine(ClusterResult c, PrintWriter out) {
        List<String> hosts = c.clusterGuest().getHosts();
        String names = hosts.size() <= HOSTS_SHOWN ? String.join(", ", hosts)
                : String.join(", ", hosts.subList(0, HOSTS_SHOWN)) + " +" + (hosts.size() - HOSTS_SHOWN) + " more";
        String vendor = c.clusterGuest().isMixedVendors() ? ", mixed vendors " + String.join(" and ", c.clusterGuest().getVendors())
                : c.clusterGuest().getVendor() == null ? "" : ", " + c.clusterGuest().getVendor();
        out.printf("%s: %d host%s%s (%s)%n", t(c.cluster()), hosts.size(), hosts.size() == 1 ? "" : "s", t(vendor), t(names));
    }

    private void guestLine(ClusterResult c, int guestWidth, int countsWidth, PrintWriter out) {
        Set<String> hidden = new LinkedHashSet<>();
        for (MaskResult m : c.masks()) {
            if (m.hidesAnything()) {
                hidden.addAll(m.hiddenFeatures());
            }
        }
        String hides = hidden.isEmpty() ? (c.status() == Status.FAIL ? "" : "no custom mask needed")
                : "hides " + t(FindingGroups.list(hidden, HIDDEN_SHOWN));
        String status = c.status().name();
        String line = String.format("  %-" + guestWidth + "s  %s%s  %-" + countsWidth + "s  %s", t(c.guest()),
                options.style().verdict(c.status(), status), " ".repeat(6 - status.length()), counts(c), hides);
        out.println(line.stripTrailing());
    }

    /** "1 error, 14 warnings, 3 info, 1 waived", or "no findings". */
    private static String counts(ClusterResult c) {
        int[] n = new int[Severity.values().length];
        int waived = 0;
        for (Finding f : c.findings()) {
            if (f.isWaived()) {
                waived++;
            } else {
                n[f.getSeverity().ordinal()]++;
            }
        }
        List<String> parts = new ArrayList<>();
        if (n[Severity.ERROR.ordinal()] > 0) {
            parts.add(plural(n[Severity.ERROR.ordinal()], "error"));
        }
        if (n[Severity.WARNING.ordinal()] > 0) {
            parts.add(plural(n[Severity.WARNING.ordinal()], "warning"));
        }
        if (n[Severity.INFO.ordinal()] > 0) {
            parts.add(n[Severity.INFO.ordinal()] + " info");
        }
        if (waived > 0) {
            parts.add(waived + " waived");
        }
        return parts.isEmpty() ? "no findings" : String.join(", ", parts);
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** The first groups of a FAIL's errors, one per rule first: why it fails. */
    private void reasons(ClusterResult c, PrintWriter out) {
        List<FindingGroups.Found> errors = new ArrayList<>();
        for (Finding f : c.findings()) {
            if (f.getSeverity() == Severity.ERROR && !f.isWaived()) {
                errors.add(new FindingGroups.Found(c.guest(), f));
            }
        }
        List<FindingGroups.Group> groups = new ArrayList<>();
        Set<String> rules = new LinkedHashSet<>();
        List<FindingGroups.Group> later = new ArrayList<>();
        for (FindingGroups.Group g : FindingGroups.of(errors)) {
            (rules.add(g.rule()) ? groups : later).add(g);
        }
        groups.addAll(later);
        for (FindingGroups.Group g : groups.subList(0, Math.min(REASONS_SHOWN, groups.size()))) {
            out.printf("      %s %s: %s%n", severity(g.severity()), t(g.rule()), t(g.summary(ITEMS_SHOWN)));
        }
        if (groups.size() > REASONS_SHOWN) {
            int more = groups.subList(REASONS_SHOWN, groups.size()).stream().mapToInt(FindingGroups.Group::count).sum();
            out.printf("      ... and %d more error%s (--verbose)%n", more, more == 1 ? "" : "s");
        }
    }

    private static String guests(List<String> guests, int ofCluster) {
        if (guests.size() <= GUESTS_NAMED) {
            return String.join(", ", guests);
        }
        return guests.size() == ofCluster ? "all " + ofCluster + " guests" : guests.size() + " of " + ofCluster + " guests";
    }

    /**
     * Input text, with the characters that would control a terminal shown instead: the command line
     * writes coloured text past its own filter, so the renderer cleans what it did not write itself.
     */
    private static String t(String s) {
        return SafeText.cleanLine(s);
    }

    private String severity(Severity s) {
        return options.style().severity(s, s.name());
    }

    /** The severity's name, padded to the longest (WARNING) outside any colour. */
    private String severityPadded(Severity s) {
        return severity(s) + " ".repeat(Severity.WARNING.name().length() - s.name().length());
    }

    // ---- verbose: every finding

    private void verbose(Report report, PrintWriter out) {
        for (ClusterResult c : report.clusters()) {
            out.printf("== cluster %s, guest %s: %s%n", t(c.cluster()), t(c.guest()),
                    options.style().verdict(c.status(), c.status().name()));
            out.printf("   hosts: %s%s%n", t(String.join(", ", c.clusterGuest().getHosts())),
                    c.clusterGuest().getVendor() == null ? "" : " (" + t(c.clusterGuest().getVendor()) + ")");
            boolean any = false;
            for (MaskResult m : c.masks()) {
                if (m.hidesAnything()) {
                    out.printf("   %s = \"%s\"   # hides %s%n", m.key().vmxName(), m.custom().format(':'),
                            t(String.join(", ", m.hiddenFeatures())));
                    any = true;
                }
            }
            if (!any && c.status() != Status.FAIL) {
                out.println("   no custom mask needed");
            }
            Set<String> blocking = blocking(c);
            if (!blocking.isEmpty()) {
                out.printf("   differs, no mask fixes: %s%n", t(String.join(", ", blocking)));
            }
            for (Finding f : c.findings()) {
                if (!options.lists(f.getSeverity())) {
                    continue;
                }
                out.printf("   %s %s: %s%s%n", severityPadded(f.getSeverity()), t(f.getRuleId()),
                        t(f.getMessage()), f.isWaived()
                        ? " [waived until " + f.getWaiver().getExpires() + ": " + t(f.getWaiver().getReason()) + "]" : "");
            }
            out.println();
        }
        for (InputError e : report.inputErrors()) {
            out.println("input error: " + SafeText.cleanLine(e.render()));
        }
        for (InputError w : report.inputWarnings()) {
            out.println("input warning: " + SafeText.cleanLine(w.render()));
        }
    }

    /**
     * The differing bits that stay a blocker, named: the feature, or for leaf 1 EAX the identity
     * field (extFamily, model...) once rather than bit by bit.
     */
    private Set<String> blocking(ClusterResult c) {
        String vendor = c.clusterGuest().getVendor();
        Set<String> names = new LinkedHashSet<>();
        for (BitDifference d : BitDifference.of(c, (key, bit) -> name(key, bit, vendor))) {
            // bits the default never compares (X, 0, 1) cannot block, even in a register an ERROR names
            boolean checked = d.defaultChar().comparedOnMigration() || d.defaultChar() == MaskChar.T
                    || d.defaultChar() == MaskChar.F;
            if (checked && "blocking".equals(d.treatment())) {
                names.add(d.feature());
            }
        }
        return names;
    }

    private String name(RegisterKey key, int bit, String vendor) {
        for (IdentityField f : features.fieldsOf(key)) {
            if (f.covers(bit)) {
                return f.getName() + " (" + key.label() + " bits " + f.getHighBit() + ":" + f.getLowBit() + ")";
            }
        }
        return features.nameOf(key, bit, vendor) + " (" + key.label() + " bit " + bit + ")";
    }
}
