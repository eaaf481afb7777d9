package io.cpuidmask.engine;

import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.Version;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The policy packaged with the tool: the checkout's {@code rules/} folder (DRL, mask catalogues,
 * policy tests), copied into the jar at {@code io/cpuidmask/rules/} by the build. It is a folder
 * like any other for the loaders (a folder of the jar's zip file system, or of the build's classes),
 * shown as {@code shipped:cpuidmask-VERSION}.
 */
public final class ShippedPolicy {

    /** Where the build puts {@code rules/} on the class path. */
    public static final String RESOURCE = "/io/cpuidmask/rules/";
    /** A file the shipped policy always has (DESIGN.md: the masking decision lives there). */
    private static final String MARKER = "masking.drl";

    private static volatile Optional<Path> root;

    private ShippedPolicy() {
    }

    /** How reports and messages name the shipped policy: {@code shipped:cpuidmask-VERSION}. */
    public static String label() {
        return "shipped:cpuidmask-" + Version.get();
    }

    /** The shipped policy's folder; empty when this build has none (classes run without their resources). */
    public static Optional<Path> root() {
        Optional<Path> r = root;
        if (r == null) {
            synchronized (ShippedPolicy.class) {
                r = root;
                if (r == null) {
                    r = locate();
                    r.ifPresent(p -> InputFiles.name(p, label()));
                    root = r;
                }
            }
        }
        return r;
    }

    private static Optional<Path> locate() {
        URL url = ShippedPolicy.class.getResource(RESOURCE + MARKER);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of()); // stays open for the life of the JVM
                } catch (FileSystemAlreadyExistsException e) {
                    // opened before: Path.of finds it
                }
            }
            return Optional.of(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
