package io.cpuidmask.run;

import java.nio.file.Path;
import java.util.List;

/**
 * What to check: input paths, guests (empty: every catalogue), rule folders and the catalogue
 * folder; and, from a project config, the guests per cluster ({@code clusterGuests}, null for none:
 * when given, each cluster is checked against the guests of the first rule matching its name,
 * and {@code guests} is not used).
 */
public record CheckRequest(List<Path> inputs, List<String> guests, List<Path> ruleFolders, Path catalogFolder,
                           ClusterGuests clusterGuests) {

    public CheckRequest {
        inputs = List.copyOf(inputs);
        guests = List.copyOf(guests);
        ruleFolders = List.copyOf(ruleFolders);
    }

    /** Every cluster against the same guests. */
    public CheckRequest(List<Path> inputs, List<String> guests, List<Path> ruleFolders, Path catalogFolder) {
        this(inputs, guests, ruleFolders, catalogFolder, null);
    }
}
