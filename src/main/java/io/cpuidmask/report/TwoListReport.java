package io.cpuidmask.report;

import io.cpuidmask.files.AtomicFile;
import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A report that lists the results twice, a row each in a summary and then a section each, below a
 * head with the totals: Markdown and HTML. It streams by writing the rows and the sections into two
 * scratch files as the results come, and the whole at the end: head, rows, the part between (the
 * input problems), sections, tail. So it keeps no results, only a result's place in the order.
 */
abstract class TwoListReport implements ReportStream.Renderer {

    /** Everything above the rows: the totals. */
    abstract void head(Report r, Writer out) throws IOException;

    /** A result's summary row; {@code n}: its place among all results. */
    abstract void row(ClusterResult c, int n, Writer out) throws IOException;

    /** Between the rows and the sections (the input problems). */
    abstract void middle(Report r, Writer out) throws IOException;

    /** A result's section; {@code first}: the first of its cluster's results. */
    abstract void section(ClusterResult c, int n, boolean first, Writer out) throws IOException;

    /** Everything after the sections. */
    abstract void tail(Report r, Writer out) throws IOException;

    @Override
    public final void render(Report r, Writer out) throws IOException {
        head(r, out);
        List<ClusterResult> all = r.clusters();
        for (int i = 0; i < all.size(); i++) {
            row(all.get(i), i, out);
        }
        middle(r, out);
        for (int i = 0; i < all.size(); i++) {
            section(all.get(i), i, i == 0 || !all.get(i - 1).cluster().equals(all.get(i).cluster()), out);
        }
        tail(r, out);
        out.flush();
    }

    @Override
    public final ReportStream open(OutputStream out, Path scratch) throws IOException {
        return new Stream(out, scratch);
    }

    private final class Stream implements ReportStream {

        private final OutputStream out;
        private final Path rowsFile;
        private final Path sectionsFile;
        private final Writer rows;
        private final Writer sections;
        private int n;
        private String lastCluster;

        Stream(OutputStream out, Path scratch) throws IOException {
            this.out = out;
            rowsFile = AtomicFile.scratch(scratch, fileName());
            sectionsFile = AtomicFile.scratch(scratch, fileName());
            rows = SafeText.fileWriter(Files.newOutputStream(rowsFile));
            sections = SafeText.fileWriter(Files.newOutputStream(sectionsFile));
        }

        @Override
        public void begin(Report header) {
        }

        @Override
        public void results(List<ClusterResult> batch) throws IOException {
            for (ClusterResult c : batch) {
                row(c, n, rows);
                section(c, n, !c.cluster().equals(lastCluster), sections);
                lastCluster = c.cluster();
                n++;
            }
        }

        @Override
        public void end(Report r) throws IOException {
            try {
                rows.close();
                sections.close();
                Writer w = SafeText.fileWriter(out);
                head(r, w);
                w.flush();
                Files.copy(rowsFile, out);
                middle(r, w);
                w.flush();
                Files.copy(sectionsFile, out);
                tail(r, w);
                w.flush();
            } finally {
                AtomicFile.discard(rowsFile);
                AtomicFile.discard(sectionsFile);
            }
        }
    }
}
