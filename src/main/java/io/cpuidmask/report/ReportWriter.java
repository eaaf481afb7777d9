package io.cpuidmask.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes report files atomically: into a temporary file beside the target, then renamed over it,
 * so an interrupted or failing run leaves the previous report intact.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static Path write(Path outDir, ReportRenderer renderer, Report report) throws IOException {
        Files.createDirectories(outDir);
        Path target = outDir.resolve(renderer.fileName());
        Path tmp = Files.createTempFile(outDir, "." + renderer.fileName() + ".", ".tmp");
        // Temporary files are created owner-only; a report is meant to be read by others too.
        if (Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        try {
            try (Writer w = SafeText.filter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))) {
                renderer.render(report, w);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
