package io.cpuidmask.explain;

import io.cpuidmask.facts.Feature;
import java.util.List;

/**
 * A feature that some of the hosts have and others lack. Hosts whose register for it is unknown
 * are in neither list: an unknown bit is not a difference.
 *
 * @param presentOn hosts with the feature, sorted
 * @param absentOn  hosts known to lack it, sorted
 * @param unknownOn hosts whose profile does not give the register, sorted
 */
public record FeatureDifference(Feature feature, List<String> presentOn, List<String> absentOn,
                                List<String> unknownOn) {

    public FeatureDifference {
        presentOn = List.copyOf(presentOn);
        absentOn = List.copyOf(absentOn);
        unknownOn = List.copyOf(unknownOn);
    }
}
