package io.cpuidmask.cli;

import io.cpuidmask.files.AtomicFile;
import io.cpuidmask.report.Report;
import io.cpuidmask.report.ReportStream;
import io.cpuidmask.report.ReportWriter;
import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report files {@code check} writes while the run goes (the formats that can stream), each
 * into a temporary file that becomes the report only at {@link File#commit()}. A file is opened at
 * the first results: a run that checks nothing creates no file and no folder, and leaves the last
 * good reports as they are. A file that cannot be written is given up alone; the others go on.
 */
final class StreamedReports implements ReportStream {

    /** One streamed report file. */
    static final class File {

        private final ReportStream.Renderer renderer;
        private final Path target;
        private Report header;
        private AtomicFile.Pending pending;
        private ReportStream stream;
        private IOException failure;
        private long nanos;

        File(ReportStream.Renderer renderer, Path target) {
            this.renderer = renderer;
            this.target = target;
        }

        ReportStream.Renderer renderer() {
            return renderer;
        }

        /** Why the file could not be written, or null. */
        IOException failure() {
            return failure;
        }

        /** Time spent writing it, so far. */
        long nanos() {
            return nanos;
        }

        /** Puts the finished file in place of the report; only after a run that checked something. */
        Path commit() throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (pending == null) {
                throw new IllegalStateException("nothing was written to " + target);
            }
            pending.commit();
            return target;
        }

        private void step(Step s) {
            if (failure != null) {
                return;
            }
            long start = System.nanoTime();
            try {
                s.run();
            } catch (IOException e) {
                failure = e;
                drop();
            } finally {
                nanos += System.nanoTime() - start;
            }
        }

        private void drop() {
            try {
                if (pending != null) {
                    pending.close();
                }
            } catch (IOException e) {
                // the temporary file is removed at exit anyway
            }
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private final List<File> files = new ArrayList<>();
    /** Streams that keep what they need in memory (the text summary): they see everything, and cannot fail. */
    private final List<ReportStream> others = new ArrayList<>();

    File add(ReportStream.Renderer renderer, Path target) {
        File f = new File(renderer, target);
        files.add(f);
        return f;
    }

    void add(ReportStream other) {
        others.add(other);
    }

    boolean isEmpty() {
        return files.isEmpty() && others.isEmpty();
    }

    @Override
    public void begin(Report header) throws IOException {
        files.forEach(f -> f.header = header);
        for (ReportStream o : others) {
            o.begin(header);
        }
    }

    @Override
    public void results(List<ClusterResult> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        for (ReportStream o : others) {
            o.results(batch);
        }
        for (File f : files) {
            f.step(() -> {
                if (f.pending == null) {
                    f.pending = AtomicFile.open(f.target, ReportWriter.MODE);
                    f.stream = f.renderer.open(f.pending.out(), f.target.toAbsolutePath().getParent());
                    f.stream.begin(f.header);
                }
                f.stream.results(batch);
            });
        }
    }

    @Override
    public void end(Report report) throws IOException {
        for (ReportStream o : others) {
            o.end(report);
        }
        for (File f : files) {
            if (f.pending != null) {
                f.step(() -> f.stream.end(report));
            }
        }
    }

    /** Drops every file not committed (a run that checked nothing, or an error). */
    void dropAll() {
        files.forEach(File::drop);
    }
}
