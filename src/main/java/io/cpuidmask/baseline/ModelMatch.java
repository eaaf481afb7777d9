package io.cpuidmask.baseline;

import java.util.List;

/**
 * A named CPU model chosen for a feature set.
 *
 * @param missing the model's features the set lacks (libvirt names): a guest needs them disabled
 * @param extra   features of the set the model lacks (libvirt names)
 */
public record ModelMatch(String name, List<String> missing, List<String> extra) {

    public ModelMatch {
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
    }
}
