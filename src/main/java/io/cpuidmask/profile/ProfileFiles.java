package io.cpuidmask.profile;

import io.cpuidmask.files.AtomicFile;
import io.cpuidmask.model.HostProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes imported profiles into a folder, one {@code <host>.yaml} per host, and never replaces
 * a different existing file unless told to. Every file is read back with {@link ProfileParser}
 * before it is written, so that what import writes is what check reads.
 */
public final class ProfileFiles {

    /** What happened to one profile. */
    public enum Outcome { WRITTEN, UNCHANGED, REPLACED }

    /** A written (or kept) profile file. */
    public record Written(Path path, Outcome outcome) {
    }

    /** A profile that could not be written; the message says why. */
    public static final class NotWritten extends Exception {
        private final Path path;

        NotWritten(Path path, String message) {
            super(message);
            this.path = path;
        }

        public Path path() {
            return path;
        }
    }

    private final Path folder;
    private final boolean force;
    private final Set<Path> writtenThisRun = new HashSet<>();

    public ProfileFiles(Path folder, boolean force) {
        this.folder = folder;
        this.force = force;
    }

    public Written write(HostProfile profile, List<String> comments) throws NotWritten {
        Path target = folder.resolve(fileName(profile.host())).normalize();
        String yaml = ProfileYamlWriter.write(profile, comments);
        ProfileParser.Result check = new ProfileParser().parse(target.toString(), yaml);
        if (!check.errors().isEmpty() || check.hosts().size() != 1) {
            throw new NotWritten(target, "the profile would not read back: " + check.errors());
        }
        if (!writtenThisRun.add(target)) {
            throw new NotWritten(target, "another host of this run was already written to this file"
                    + " (host names that differ only in special characters)");
        }
        byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
        if (Files.isSymbolicLink(target)) {
            // Following it could write outside --out, wherever the link points.
            throw new NotWritten(target, "is a symbolic link; import writes only files of its own inside the folder"
                    + " (remove the link)");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new NotWritten(target, "exists and is not a regular file; not replaced");
        }
        try {
            boolean exists = Files.exists(target);
            if (exists && Files.isRegularFile(target) && Files.size(target) == bytes.length
                    && Arrays.equals(Files.readAllBytes(target), bytes)) {
                return new Written(target, Outcome.UNCHANGED);
            }
            if (exists && !force) {
                throw new NotWritten(target, "exists with different content; not overwritten (use --force to replace it)");
            }
            // All or nothing: a full disk must not leave a shorter profile that still reads as valid.
            AtomicFile.write(target, "rw-r--r--", out -> out.write(bytes));
            return new Written(target, exists ? Outcome.REPLACED : Outcome.WRITTEN);
        } catch (IOException e) {
            throw new NotWritten(target, "cannot be written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /** A safe file name for a host: letters, digits, '.', '-' and '_' kept, the rest '_'. */
    static String fileName(String host) {
        String safe = host.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.startsWith(".")) {
            safe = "_" + safe.substring(1); // no hidden files, no ".."
        }
        return safe + ".yaml";
    }
}
