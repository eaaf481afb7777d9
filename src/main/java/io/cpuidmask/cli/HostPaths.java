package io.cpuidmask.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * The host inputs a command reads (picocli mixins): profiles, dumps or folders of them, all read
 * by the same loader, so every command says the same of them.
 */
final class HostPaths {

    private static final String WHAT = "Host profiles (.yaml/.yml), dumps or folders, searched recursively";

    private HostPaths() {
    }

    /** PATH..., profiles/ when none is given: check, plan, baseline. */
    static class OrProfiles {
        @Parameters(paramLabel = "PATH", arity = "0..*", description = WHAT + " (default: profiles/).")
        List<Path> paths = new ArrayList<>();

        /** The paths given, or profiles/. */
        List<Path> get() {
            return paths.isEmpty() ? List.of(Path.of("profiles")) : paths;
        }
    }

    /** PATH..., at least one: explain. */
    static class Required {
        @Parameters(paramLabel = "PATH", arity = "1..*", description = WHAT + ".")
        List<Path> paths = new ArrayList<>();
    }
}
