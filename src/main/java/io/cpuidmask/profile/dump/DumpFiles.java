package io.cpuidmask.profile.dump;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Which files inside a folder may be dumps. Only a candidate's content decides whether it is
 * one; the extension just keeps folder walks from reading images, archives and the like.
 */
public final class DumpFiles {

    private static final Set<String> EXTENSIONS = Set.of("txt", "test", "xml", "json", "log", "cpuid", "dump",
            "raw", "out");

    private DumpFiles() {
    }

    /** Files named *.txt, *.test, *.xml, *.json, *.log, *.cpuid, *.dump, *.raw, *.out, or with no extension. */
    public static boolean isCandidate(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.startsWith(".")) {
            return false; // hidden files: editor swap files, .gitignore, ...
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 || EXTENSIONS.contains(name.substring(dot + 1));
    }
}
