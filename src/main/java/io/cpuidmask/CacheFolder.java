package io.cpuidmask;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where cpuidmask keeps what it can compute again (compiled rules, parsed profiles): the user's own
 * cache folder ({@code $XDG_CACHE_HOME/cpuidmask} or {@code ~/.cache/cpuidmask}).
 * {@code CPUIDMASK_CACHE=DIR} (or the system property {@code cpuidmask.cache}) moves it and
 * {@code CPUIDMASK_CACHE=off} turns caching off.
 */
public final class CacheFolder {

    private CacheFolder() {
    }

    /** The cache folder the environment asks for, or empty when caching is off. */
    public static Optional<Path> fromEnvironment() {
        String configured = System.getenv("CPUIDMASK_CACHE");
        if (configured == null) {
            configured = System.getProperty("cpuidmask.cache");
        }
        if ("off".equalsIgnoreCase(configured)) {
            return Optional.empty();
        }
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return Optional.of(base.resolve("cpuidmask"));
    }
}
