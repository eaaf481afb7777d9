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
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
        if (options.verbose()) {
            PrintWriter out = new PrintWriter(writer);
            verbose(report, out);
            footer(report, out);
        } else {
            Summary summary = summary();
            summary.results(report.clusters());
            render(report, summary, writer);
        }
    }

    /**
     * The summary of a run that kept no results: {@code summary} took them as they came (see
     * {@link #summary()}); the report gives the rest. Not for {@link Options#verbose()}, which
     * prints every finding and so needs the results themselves.
     */
    public void render(Report report, Summary summary, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        summary.print(report, out);
        footer(report, out);
    }

    private void footer(Report report, PrintWriter out) {
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

    /** A summary taking the results as they come (a stream whose begin and end do nothing). */
    public Summary summary() {
        return new Summary();
    }

    /**
     * The summary's lines, made as the results come and kept instead of them: the columns of the
     * guest lines are as wide as the widest of the whole run, so they are padded only at the end.
     */
    public final class Summary implements ReportStream {

        /** A cluster's lines: its line, a guest line each (unpadded) with its reasons, its groups. */
        private record ClusterLines(String cluster, List<GuestLine> guests, List<String> groups) {
        }

        private record GuestLine(String guest, Status status, String counts, String hides, List<String> reasons) {
        }

        private final List<ClusterLines> clusters = new ArrayList<>();
        private final List<ClusterResult> pending = new ArrayList<>();
        private int guestWidth;
        private int countsWidth;
        private boolean anyFindings;

        private Summary() {
        }

        @Override
        public void begin(Report header) {
        }

        @Override
        public void results(List<ClusterResult> batch) {
            for (ClusterResult c : batch) {
                if (!pending.isEmpty() && !pending.get(0).cluster().equals(c.cluster())) {
                    flush();
                }
                pending.add(c);
            }
        }

        @Override
        public void end(Report report) {
        }

        /** The cluster whose results all came: its lines. */
        private void flush() {
            StringWriter line = new StringWriter();
            clusterLine(pending.get(0), new PrintWriter(line));
            List<GuestLine> guests = new ArrayList<>();
            List<FindingGroups.Found> listed = new ArrayList<>();
            for (ClusterResult c : pending) {
                String counts = counts(c);
                guestWidth = Math.max(guestWidth, t(c.guest()).length());
                countsWidth = Math.max(countsWidth, counts.length());
                anyFindings |= !c.findings().isEmpty();
                guests.add(new GuestLine(t(c.guest()), c.status(), counts, hides(c),
                        c.status() == Status.FAIL ? reasons(c) : List.of()));
                for (Finding f : c.findings()) {
                    // a FAIL's errors are its reasons, above: the groups are what else there is to know
                    if (options.lists(f.getSeverity()) && !(f.getSeverity() == Severity.ERROR && c.status() == Status.FAIL
                            && !f.isWaived())) {
                        listed.add(new FindingGroups.Found(c.guest(), f));
                    }
                }
            }
            List<String> groups = new ArrayList<>();
            for (FindingGroups.Group g : FindingGroups.of(listed)) {
                groups.add(String.format("  %s %s (%s): %s%s", severityPadded(g.severity()), t(g.rule()),
                        t(guests(g.guests(), pending.size())), t(g.summary(ITEMS_SHOWN)), g.waiver() == null ? "" : " " + t(g.waiver())));
            }
            clusters.add(new ClusterLines(line.toString(), guests, groups));
            pending.clear();
        }

        private void print(Report report, PrintWriter out) {
            if (!pending.isEmpty()) {
                flush();
            }
            for (ClusterLines c : clusters) {
                out.print(c.cluster());
                for (GuestLine g : c.guests()) {
                    String status = g.status().name();
                    String line = String.format("  %-" + guestWidth + "s  %s%s  %-" + countsWidth + "s  %s", g.guest(),
                            options.style().verdict(g.status(), status), " ".repeat(6 - status.length()), g.counts(), g.hides());
                    out.println(line.stripTrailing());
                    g.reasons().forEach(out::println);
                }
                c.groups().forEach(out::println);
                out.println();
            }
            if (!report.inputErrors().isEmpty() || !report.inputWarnings().isEmpty()) {
                out.printf("%d input errors and %d warnings: listed on stderr and in the reports%n",
                        report.inputErrors().size(), report.inputWarnings().size());
            }
            if (anyFindings) {
                out.println("(--verbose prints every finding in full, with the masks as .vmx lines)");
            }
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

    /** What the guest line says the mask hides (or that none is needed). */
    private static String hides(ClusterResult c) {
        Set<String> hidden = new LinkedHashSet<>();
        for (MaskResult m : c.masks()) {
            if (m.hidesAnything()) {
                hidden.addAll(m.hiddenFeatures());
            }
        }
        return hidden.isEmpty() ? (c.status() == Status.FAIL ? "" : "no custom mask needed")
                : "hides " + t(FindingGroups.list(hidden, HIDDEN_SHOWN));
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
    private List<String> reasons(ClusterResult c) {
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
        List<String> lines = new ArrayList<>();
        for (FindingGroups.Group g : groups.subList(0, Math.min(REASONS_SHOWN, groups.size()))) {
            lines.add(String.format("      %s %s: %s", severity(g.severity()), t(g.rule()), t(g.summary(ITEMS_SHOWN))));
        }
        if (groups.size() > REASONS_SHOWN) {
            int more = groups.subList(REASONS_SHOWN, groups.size()).stream().mapToInt(FindingGroups.Group::count).sum();
            lines.add(String.format("      ... and %d more error%s (--verbose)", more, more == 1 ? "" : "s"));
        }
        return lines;
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
