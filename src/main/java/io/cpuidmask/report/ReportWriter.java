package io.cpuidmask.report;

import io.cpuidmask.files.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes report files atomically: into a temporary file beside the target, then renamed over it,
 * so an interrupted or failing run leaves the previous report intact.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /** A report is meant to be read by others too (temporary files are created owner-only). */
    public static final String MODE = "rw-r--r--";

    public static Path write(Path outDir, ReportRenderer renderer, Report report) throws IOException {
        Path target = outDir.resolve(renderer.fileName());
        AtomicFile.write(target, MODE, out -> renderer.render(report, out));
        return target;
    }
}
