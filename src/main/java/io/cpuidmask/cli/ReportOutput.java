package io.cpuidmask.cli;

import io.cpuidmask.report.Renderers;
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
     * Null when reports can be written into the folder (or it can be made), else the one reason
     * why not, in words (never a Java exception's name). Creates nothing: a run that then checks
     * nothing leaves no folder behind.
     */
    static String folderProblem(Path dir) {
        if (Files.isDirectory(dir)) {
            return Files.isWritable(dir) ? null : "cannot write the reports here: the folder is not writable";
        }
        if (Files.exists(dir)) {
            return "cannot write the reports here: it is a file, not a folder";
        }
        Path up = dir.toAbsolutePath().getParent();
        for (Path given = dir.getParent(); up != null; up = up.getParent(), given = given == null ? null : given.getParent()) {
            if (Files.exists(up)) {
                String shown = display(given != null ? given : up);
                if (!Files.isDirectory(up)) {
                    return "cannot create the folder for the reports: " + shown + " is a file";
                }
                return Files.isWritable(up) ? null
                        : "cannot create the folder for the reports: " + shown + " is not writable";
            }
        }
        return null;
    }

    static String display(Path p) {
        return p.toString().replace('\\', '/');
    }
}
