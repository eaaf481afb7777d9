package io.cpuidmask.report;

import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import java.io.PrintWriter;
import java.io.Writer;

/** A Markdown report for tickets, wikis and pull requests; every input text is escaped. */
public final class MarkdownReportRenderer extends TwoListReport {

    @Override
    public String format() {
        return "md";
    }

    @Override
    public String fileName() {
        return "report.md";
    }

    @Override
    void head(Report r, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        out.println("# cpuidmask compliance report");
        out.println();
        out.printf("Generated %s by cpuidmask %s; rules SHA-256 `%s`; %d hosts.%n%n", r.generatedAt(), r.toolVersion(),
                r.rulesSha256(), r.hostCount());
        out.printf("**%d PASS, %d MASKED, %d RISKY, %d FAIL**; findings: %d errors, %d warnings, %d info, %d waived.%n%n",
                r.count(Status.PASS), r.count(Status.MASKED), r.count(Status.RISKY), r.count(Status.FAIL),
                r.count(Severity.ERROR), r.count(Severity.WARNING), r.count(Severity.INFO), r.countWaived());
        out.println("| Cluster | Guest | Verdict | Hosts | Hidden features |");
        out.println("|---|---|---|---|---|");
        out.flush();
    }

    @Override
    void row(ClusterResult c, int n, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        out.printf("| %s | %s | **%s** | %s | %s |%n", esc(c.cluster()), esc(c.guest()), c.status(),
                esc(String.join(", ", c.clusterGuest().getHosts())),
                esc(String.join(", ", c.masks().stream().flatMap(m -> m.hiddenFeatures().stream()).toList())));
        out.flush();
    }

    @Override
    void middle(Report r, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        out.println();
        if (!r.inputErrors().isEmpty()) {
            out.println("## Input problems");
            out.println();
            for (InputError e : r.inputErrors()) {
                out.println("- " + esc(e.render()));
            }
            out.println();
        }
        if (!r.inputWarnings().isEmpty()) {
            out.println("## Input warnings");
            out.println();
            for (InputError w : r.inputWarnings()) {
                out.println("- " + esc(w.render()));
            }
            out.println();
        }
        out.flush();
    }

    @Override
    void section(ClusterResult c, int n, boolean first, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        out.printf("## Cluster %s, guest %s: %s%n%n", esc(c.cluster()), esc(c.guest()), c.status());
        out.println("| Register | Default | Custom | Effective | Hidden |");
        out.println("|---|---|---|---|---|");
        for (MaskResult m : c.masks()) {
            out.printf("| `%s` | `%s` | `%s` | `%s` | %s |%n", m.key().vmxName(), m.defaultMask().format(),
                    m.custom().format(), m.effective().format(),
                    m.missingOn().isEmpty() ? esc(String.join(", ", m.hiddenFeatures()))
                            : "not compared (no value on " + esc(String.join(", ", m.missingOn())) + ")");
        }
        out.println();
        if (!c.findings().isEmpty()) {
            out.println("| Severity | Rule | Message |");
            out.println("|---|---|---|");
            for (Finding f : c.findings()) {
                out.printf("| %s | `%s` | %s |%n", f.getSeverity() + (f.isWaived() ? " (waived until "
                        + f.getWaiver().getExpires() + ": " + esc(f.getWaiver().getReason()) + ")" : ""),
                        f.getRuleId(), esc(FindingText.brief(f, FindingText.SHOWN)));
            }
            out.println();
        }
        out.flush();
    }

    @Override
    void tail(Report r, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        out.println("## Evidence");
        out.println();
        for (String f : r.ruleFiles()) {
            out.println("- rules: `" + code(f) + "`");
        }
        for (Report.Input i : r.inputs()) {
            out.println("- input: `" + code(i.file()) + "` sha256 `" + i.sha256() + "`" + (i.host() == null ? "" : " host " + esc(i.host())));
        }
        out.flush();
    }

    /** Escapes Markdown and inline HTML so that input text is shown, never interpreted. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\n', '\r' -> b.append(' ');
                case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '!', '|', '~' -> b.append('\\').append(ch);
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private static String code(String s) {
        return s.replace("`", "'").replace('\n', ' ');
    }
}
