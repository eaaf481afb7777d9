package io.cpuidmask.report;

import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A report written while the run goes, so that no format needs to keep every result: the header
 * first, then the results batch by batch in report order (cluster, then guest), then the end.
 */
public interface ReportStream {

    /** What is known before any cluster is checked: tool, time, rules and inputs (no results, no problems yet). */
    void begin(Report header) throws IOException;

    void results(List<ClusterResult> batch) throws IOException;

    /** The whole report: its problems and totals (its results only if the run kept them). */
    void end(Report report) throws IOException;

    /** A renderer that can write its report as a stream. */
    interface Renderer extends ReportRenderer {

        /**
         * A stream onto {@code out}; {@link #end} finishes and flushes it, the target stays open.
         * {@code scratch}: a folder for what must wait for the totals (the report's own).
         */
        ReportStream open(OutputStream out, Path scratch) throws IOException;
    }
}
