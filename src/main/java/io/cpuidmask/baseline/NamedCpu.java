package io.cpuidmask.baseline;

import java.util.List;
import java.util.Set;

/**
 * A cluster's guest CPU in one hypervisor's terms: a named CPU model, the features to add to it and
 * to remove from it, and the common features the guest does not get, each with the reason.
 *
 * @param model   the hypervisor's model name, or null when no model suits the cluster's vendor
 * @param add     features the model lacks and every host has (hypervisor's names)
 * @param remove  features of the model that some host lacks or that no host reports (hypervisor's names)
 * @param guest   the features the guest sees: the model's, plus {@code add}, minus {@code remove}
 * @param leftOut features every host has that the guest does not get, and why
 */
public record NamedCpu(String model, List<String> add, List<String> remove, Set<String> guest, List<LeftOut> leftOut) {

    /** A common feature the guest does not get. */
    public record LeftOut(FeatureBit feature, String reason) {
    }

    public NamedCpu {
        add = List.copyOf(add);
        remove = List.copyOf(remove);
        guest = Set.copyOf(guest);
        leftOut = List.copyOf(leftOut);
    }
}
