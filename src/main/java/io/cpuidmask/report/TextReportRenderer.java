package io.cpuidmask.report;

import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.catalog.IdentityField;
import io.cpuidmask.engine.ClusterResult;
import io.cpuidmask.engine.MaskResult;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The summary for a terminal: one block per cluster and guest with its status, hosts, the custom
 * masks as ready-to-paste {@code .vmx} lines naming the features they hide, the differing bits no
 * mask fixes, by name, and the findings; then the input problems.
 */
public final class TextReportRenderer implements ReportRenderer {

    private final FeatureCatalog features;

    public TextReportRenderer(FeatureCatalog features) {
        this.features = features;
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
        for (ClusterResult c : report.clusters()) {
            out.printf("== cluster %s, guest %s: %s%n", c.cluster(), c.guest(), c.status());
            out.printf("   hosts: %s%s%n", String.join(", ", c.clusterGuest().getHosts()),
                    c.clusterGuest().getVendor() == null ? "" : " (" + c.clusterGuest().getVendor() + ")");
            boolean any = false;
            for (MaskResult m : c.masks()) {
                if (m.hidesAnything()) {
                    out.printf("   %s = \"%s\"   # hides %s%n", m.key().vmxName(), m.custom().format(':'),
                            String.join(", ", m.hiddenFeatures()));
                    any = true;
                }
            }
            if (!any && c.status() != Status.FAIL) {
                out.println("   no custom mask needed");
            }
            Set<String> blocking = blocking(c);
            if (!blocking.isEmpty()) {
                out.printf("   differs, no mask fixes: %s%n", String.join(", ", blocking));
            }
            for (Finding f : c.findings()) {
                out.printf("   %-7s %s: %s%s%n", f.getSeverity(), f.getRuleId(), f.getMessage(), f.isWaived()
                        ? " [waived until " + f.getWaiver().getExpires() + ": " + f.getWaiver().getReason() + "]" : "");
            }
            out.println();
        }
        for (InputError e : report.inputErrors()) {
            out.println("input error: " + SafeText.cleanLine(e.render()));
        }
        for (InputError w : report.inputWarnings()) {
            out.println("input warning: " + SafeText.cleanLine(w.render()));
        }
        if (!report.ruleFolders().isEmpty()) {
            java.util.List<String> folders = new java.util.ArrayList<>();
            for (Report.RuleFolder f : report.ruleFolders()) {
                folders.add(SafeText.cleanLine(f.folder()) + ("shipped".equals(f.kind()) ? "" : " (" + f.kind() + ")")
                        + " sha256 " + f.sha256());
            }
            out.println("rules: " + String.join("; ", folders));
        }
        out.printf("%d cluster/guest checks: %d PASS, %d MASKED, %d RISKY, %d FAIL; %d hosts; findings: %d errors, %d warnings, %d info, %d waived; %d input errors%n",
                report.clusters().size(), report.count(Status.PASS), report.count(Status.MASKED),
                report.count(Status.RISKY), report.count(Status.FAIL), report.hostCount(),
                report.count(Severity.ERROR), report.count(Severity.WARNING), report.count(Severity.INFO),
                report.countWaived(), report.inputErrors().size());
        out.flush();
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
