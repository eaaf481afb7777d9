package io.cpuidmask.cli;

import io.cpuidmask.profile.ProfileFiles;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where import and snapshot write profiles, and whether they replace one that differs (a picocli mixin). */
class ProfileOutput {

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the profile files (default: profiles/).")
    Path out = Path.of("profiles");

    @Option(names = "--force", description = "Replace a profile in DIR that differs (without --force: an error, and the file is kept).")
    boolean force;

    ProfileFiles files() {
        return new ProfileFiles(out, force);
    }
}
