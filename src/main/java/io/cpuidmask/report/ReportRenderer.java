package io.cpuidmask.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/** One output format of the report. Every format renders the same {@link Report}. */
public interface ReportRenderer {

    /** The name given to {@code --format}. */
    String format();

    /** The file written under {@code --out}, or null for a format that goes to standard output. */
    String fileName();

    void render(Report report, Writer out) throws IOException;

    /** The report file's bytes: the text in UTF-8, cleaned by {@link SafeText} (a format may write them faster itself). */
    default void render(Report report, OutputStream out) throws IOException {
        Writer w = SafeText.fileWriter(out);
        render(report, w);
        w.flush();
    }
}
