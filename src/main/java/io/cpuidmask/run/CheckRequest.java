package io.cpuidmask.run;

import io.cpuidmask.engine.PolicySources;
import java.nio.file.Path;
import java.util.List;

/**
 * What to check: input paths, guests (empty: every catalogue) and the policy: rule folders (empty:
 * the shipped policy), the catalogue folder (null: the first rule folder's {@code masks/}) and the
 * site folders layered on top; and, from a project config, the guests per cluster
 * ({@code clusterGuests}, null for none: when given, each cluster is checked against the guests of
 * the first rule matching its name, and {@code guests} is not used).
 */
public record CheckRequest(List<Path> inputs, List<String> guests, List<Path> ruleFolders, Path catalogFolder,
                           List<Path> siteFolders, ClusterGuests clusterGuests) {

    public CheckRequest {
        inputs = List.copyOf(inputs);
        guests = List.copyOf(guests);
        ruleFolders = List.copyOf(ruleFolders);
        siteFolders = List.copyOf(siteFolders);
    }

    public CheckRequest(List<Path> inputs, List<String> guests, List<Path> ruleFolders, Path catalogFolder,
                        List<Path> siteFolders) {
        this(inputs, guests, ruleFolders, catalogFolder, siteFolders, null);
    }

    public CheckRequest(List<Path> inputs, List<String> guests, List<Path> ruleFolders, Path catalogFolder) {
        this(inputs, guests, ruleFolders, catalogFolder, List.of());
    }

    /** The folders this request's policy comes from. */
    public PolicySources policy() {
        return PolicySources.of(ruleFolders, siteFolders, catalogFolder);
    }
}
