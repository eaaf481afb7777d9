package io.cpuidmask.cli;

import io.cpuidmask.engine.ShippedPolicy;
import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cpuidmask rules export DIR}: writes the shipped policy (DRL, mask catalogues, policy tests)
 * out for editing. The copy is made beside DIR and renamed into place, so DIR is never half written.
 */
@Command(name = "export",
        description = {"Write the shipped policy (DRL, masks/, tests/) into DIR, to edit and use with --rules DIR.",
            "DIR must be missing or empty unless --force is given; the copy is made beside DIR and renamed into place."})
final class ExportRules extends AbstractCommand {

    @Parameters(paramLabel = "DIR", arity = "1", description = "Folder to write the policy into.")
    Path dir;

    @Option(names = "--force", description = "Replace DIR even when it is not empty: afterwards it holds exactly the shipped policy.")
    boolean force;

    @Override
    protected ExitCode execute() {
        // Its result is the folder: what it wrote, and how to use it, are diagnostics.
        PrintWriter err = err();
        String shown = InputFiles.display(dir);
        Optional<Path> root = ShippedPolicy.root();
        if (root.isEmpty()) {
            err.println(ShippedPolicy.label() + ": the shipped policy is missing from this build");
            return ExitCode.INPUT_ERROR;
        }
        Path target = dir.toAbsolutePath().normalize();
        try {
            if (Files.isSymbolicLink(target)) {
                err.println(shown + ": is a symbolic link: give the folder itself");
                return ExitCode.INPUT_ERROR;
            }
            boolean exists = Files.exists(target);
            if (exists && !Files.isDirectory(target)) {
                err.println(shown + ": exists and is not a folder");
                return ExitCode.INPUT_ERROR;
            }
            boolean full = exists && !isEmpty(target);
            if (full && !force) {
                err.println(shown + ": is not empty (--force replaces what it holds)");
                return ExitCode.INPUT_ERROR;
            }
            Path parent = target.getParent();
            Files.createDirectories(parent);
            int files = write(root.get(), target, full);
            err.println("exported " + files + " files of " + ShippedPolicy.label() + " to " + shown);
            err.println("use them with: " + Main.NAME + " check --rules " + shown + "; prove edits with: " + Main.NAME
                    + " rules verify --rules " + shown);
            err.flush();
            return ExitCode.OK;
        } catch (IOException | RuntimeException e) {
            err.println(shown + ": cannot be written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return ExitCode.INPUT_ERROR;
        }
    }

    /** Copies the policy into a new folder beside target, then renames it into place; returns the number of files. */
    private static int write(Path root, Path target, boolean replace) throws IOException {
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        Path fresh = Files.createTempDirectory(parent, "." + name + ".export-");
        Path old = null;
        try {
            int files = copy(root, fresh);
            if (Files.getFileStore(fresh).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // Temporary folders are owner-only; the policy is meant to be read like the source it is.
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            if (replace) {
                old = Files.createTempDirectory(parent, "." + name + ".old-");
                Files.delete(old);
                move(target, old);
                try {
                    move(fresh, target);
                } catch (IOException e) {
                    move(old, target); // put the old folder back
                    old = null;
                    throw e;
                }
            } else {
                move(fresh, target); // over a missing or empty folder
            }
            return files;
        } finally {
            deleteTree(fresh);
            if (old != null) {
                deleteTree(old);
            }
        }
    }

    private static int copy(Path root, Path into) throws IOException {
        int n = 0;
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted().toList();
        }
        for (Path p : all) {
            String rel = root.relativize(p).toString();
            if (rel.isEmpty()) {
                continue;
            }
            Path to = into.resolve(rel);
            if (Files.isDirectory(p)) {
                Files.createDirectories(to);
            } else {
                Files.createDirectories(to.getParent());
                Files.copy(p, to);
                n++;
            }
        }
        return n;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
