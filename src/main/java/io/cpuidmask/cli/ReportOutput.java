package io.cpuidmask.cli;

import io.cpuidmask.report.Renderers;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** Where {@code check}'s report files go: a folder, or stdout for {@code --out -}. */
final class ReportOutput {

    /** {@code --out -}: the one chosen report format on stdout. */
    static final String STDOUT = "-";

    private ReportOutput() {
    }

    static boolean isStdout(Path out) {
        return STDOUT.equals(out.toString());
    }

    /**
     * Why {@code --out -} cannot take these formats (null when it can): stdout holds one report,
     * and the text summary already goes there without it.
     */
    static String stdoutProblem(Collection<Renderers.Format> formats) {
        if (formats.contains(Renderers.Format.text)) {
            return "--out - writes one report format to stdout, and text goes there anyway: choose one --format other than text";
        }
        if (formats.size() != 1) {
            return "--out - writes one report format to stdout: choose exactly one --format (" + formats.size()
                    + (formats.isEmpty() ? "" : " chosen: " + String.join(", ", formats.stream().map(Enum::name).toList()))
                    + ")";
        }
        return null;
    }

    /**
     * Creates the folder when it is missing; null when reports can be written into it, else the
     * one reason why not, in words (never a Java exception's name).
     */
    static String folderProblem(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return "cannot write the reports here: it is a file, not a folder";
        }
        for (Path up = dir.getParent(); up != null; up = up.getParent()) {
            if (Files.exists(up)) {
                if (!Files.isDirectory(up)) {
                    return "cannot create the folder for the reports: " + display(up) + " is a file";
                }
                break;
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            return "cannot create the folder for the reports: " + display(Path.of(e.getFile())) + " is a file";
        } catch (AccessDeniedException e) {
            return "cannot create the folder for the reports: permission denied on " + display(Path.of(e.getFile()));
        } catch (IOException | SecurityException e) {
            return "cannot create the folder for the reports (" + e.getMessage() + ")";
        }
        if (!Files.isWritable(dir)) {
            return "cannot write the reports here: the folder is not writable";
        }
        return null;
    }

    static String display(Path p) {
        return p.toString().replace('\\', '/');
    }
}
