package io.cpuidmask.report;

import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.engine.ClusterResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code report.qemu.txt}: for every cluster and guest a QEMU option {@code -cpu host,-feat1,-feat2}
 * (QEMU's "+feat/-feat" syntax of {@code -cpu}; {@code feat=off} is equivalent). Names are
 * QEMU's property names: libvirt's names from its CPU map, in the spelling QEMU itself uses
 * where the map gives a qemu alias ({@code ds-cpl}, {@code lahf-lm}, {@code pclmulqdq});
 * QEMU accepts the underscore spellings too. Bits QEMU has no name for are listed in a comment.
 */
public final class QemuReportRenderer implements ReportRenderer {

    private final FeatureCatalog features;

    public QemuReportRenderer(FeatureCatalog features) {
        this.features = features;
    }

    @Override
    public String format() {
        return "qemu";
    }

    @Override
    public String fileName() {
        return "report.qemu.txt";
    }

    @Override
    public void render(Report report, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        out.println("# cpuidmask " + ConfigText.comment(report.toolVersion())
                + ": QEMU -cpu options, one per cluster and guest; give the one of your cluster and guest to qemu-system-x86_64.");
        for (ClusterResult c : report.clusters()) {
            List<HiddenFeature> hidden = HiddenFeature.of(c, features);
            out.println();
            out.println("# == cluster " + ConfigText.comment(c.cluster()) + ", guest " + ConfigText.comment(c.guest())
                    + ": " + c.status());
            List<String> names = hidden.stream().filter(h -> h.libvirt() != null)
                    .map(h -> "-" + h.libvirt().qemuName()).distinct().toList();
            out.println("-cpu " + String.join(",", prepend("host", names)));
            List<HiddenFeature> unnamed = hidden.stream().filter(h -> h.libvirt() == null).toList();
            if (!unnamed.isEmpty()) {
                out.println("# no QEMU name, not hidden by this option: "
                        + ConfigText.comment(unnamed.stream().map(HiddenFeature::describe).collect(Collectors.joining(", "))));
            }
        }
        out.flush();
    }

    private static List<String> prepend(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }
}
