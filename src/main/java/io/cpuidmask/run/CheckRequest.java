package io.cpuidmask.run;

import java.nio.file.Path;
import java.util.List;

/**
 * What to check: input paths, guests (empty: every catalogue), rule folders and the catalogue folder.
 */
public record CheckRequest(List<Path> inputs, List<String> guests, List<Path> ruleFolders, Path catalogFolder) {

    public CheckRequest {
        inputs = List.copyOf(inputs);
        guests = List.copyOf(guests);
        ruleFolders = List.copyOf(ruleFolders);
    }
}
