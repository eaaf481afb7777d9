package io.cpuidmask.files;

import io.cpuidmask.model.InputError;
import io.cpuidmask.model.PrintableText;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Expands the paths a user gives (files or folders, recursively) into a sorted list of input
 * files. Unreadable folders and symlink loops become errors; the walk goes on past them.
 */
public final class InputFiles {

    /** How deep folders are searched; a deeper folder is an error, never silently skipped. */
    public static final int MAX_DEPTH = 64;

    private InputFiles() {
    }

    public record Listing(List<Path> files, List<InputError> errors) {
    }

    /**
     * @param wanted which files inside folders are inputs; a file named directly is always one
     */
    /** A YAML file by its name: profiles, catalogues, policy and test files. */
    public static boolean isYamlFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    public static Listing expand(List<Path> paths, Predicate<Path> wanted) {
        TreeSet<Path> files = new TreeSet<>();
        List<InputError> errors = new ArrayList<>();
        for (Path given : paths) {
            if (!Files.exists(given)) {
                errors.add(new InputError(display(given), 0, "no such file or folder"));
            } else if (Files.isDirectory(given)) {
                walk(given, wanted, files, errors);
            } else if (!Files.isRegularFile(given)) {
                errors.add(new InputError(display(given), 0, "not a regular file (a FIFO, socket or device is never read)"));
            } else {
                files.add(given.normalize());
            }
        }
        return new Listing(List.copyOf(files), errors);
    }

    private static void walk(Path root, Predicate<Path> wanted, TreeSet<Path> files, List<InputError> errors) {
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isDirectory()) {
                        // walkFileTree hands folders at the depth limit to visitFile: never skipped silently.
                        errors.add(new InputError(display(file), 0, "folder nested more than " + MAX_DEPTH
                                + " levels below " + display(root) + ": not searched"));
                    } else if (attrs.isOther() && wanted.test(file)) {
                        errors.add(new InputError(display(file), 0, "not a regular file (a FIFO, socket or device is never read)"));
                    } else if (attrs.isRegularFile() && wanted.test(file) && !nameIsText(file)) {
                        // Such a name cannot be shown or opened again by its name (reports, hashes, --site): refused.
                        errors.add(new InputError(display(file), 0, "file name is not printable UTF-8 text: rename the file"));
                    } else if (attrs.isRegularFile() && wanted.test(file)) {
                        files.add(file.normalize());
                    } else if (attrs.isSymbolicLink() && wanted.test(file)) {
                        // A link that could not be followed: dangling, or a loop of links. Never dropped silently.
                        errors.add(new InputError(display(file), 0, "symbolic link that leads to no file (dangling or a loop), not followed"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    String why = e instanceof FileSystemLoopException ? "symbolic link loop, not followed"
                            : "cannot be read (" + reason(e) + ")";
                    errors.add(new InputError(display(file), 0, why));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            errors.add(new InputError(display(root), 0, "cannot be read (" + reason(e) + ")"));
        }
    }

    /** Folders shown under a name of their own (the policy packaged in the jar): root to name. */
    private static final Map<Path, String> NAMED = new ConcurrentHashMap<>();

    /**
     * Shows {@code root} and every path under it as {@code name} and {@code name/relative/path}: the
     * shipped policy, which lives inside the jar (or under the build's classes), is shown as
     * {@code shipped:cpuidmask-VERSION/masking.drl} wherever the jar is.
     */
    public static void name(Path root, String name) {
        NAMED.put(root.normalize(), name);
    }

    /** A path as reports show it: forward slashes, as the user's path was written (or a named folder's name). */
    public static String display(Path p) {
        Path n = p.normalize();
        if (!NAMED.isEmpty()) {
            for (Map.Entry<Path, String> e : NAMED.entrySet()) {
                Path root = e.getKey();
                if (n.getFileSystem() == root.getFileSystem() && n.isAbsolute() && n.startsWith(root)) {
                    String rest = root.relativize(n).toString().replace('\\', '/');
                    return rest.isEmpty() ? e.getValue() : e.getValue() + "/" + rest;
                }
            }
        }
        return n.toString().replace('\\', '/');
    }

    /** The file a name from {@link #display} stands for. */
    public static Path displayed(String shown) {
        for (Map.Entry<Path, String> e : NAMED.entrySet()) {
            if (shown.equals(e.getValue())) {
                return e.getKey();
            }
            if (shown.startsWith(e.getValue() + "/")) {
                return e.getKey().resolve(shown.substring(e.getValue().length() + 1));
            }
        }
        return Path.of(shown);
    }

    /** Whether a file's name decoded to printable text (an undecodable byte becomes U+FFFD). */
    static boolean nameIsText(Path file) {
        String name = file.getFileName().toString();
        return name.indexOf('\uFFFD') < 0 && PrintableText.isPrintable(name);
    }

    public static String reason(IOException e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file";
            default -> e.getMessage() == null ? name : e.getMessage();
        };
    }
}
