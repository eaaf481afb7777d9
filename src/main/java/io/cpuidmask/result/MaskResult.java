package io.cpuidmask.result;

import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.RegisterKey;
import java.util.List;

/**
 * The outcome for one register of a guest's catalogue in one cluster.
 *
 * @param differing bitmap of the bits on which the hosts differ (0 when not comparable)
 * @param missingOn hosts that do not report the register (then nothing is compared)
 */
public record MaskResult(RegisterKey key, MaskString defaultMask, MaskString custom, MaskString effective,
                         List<Integer> hiddenBits, List<String> hiddenFeatures, String source,
                         int differing, List<String> missingOn) {

    public MaskResult {
        hiddenBits = List.copyOf(hiddenBits);
        hiddenFeatures = List.copyOf(hiddenFeatures);
        missingOn = List.copyOf(missingOn);
    }

    public boolean hidesAnything() {
        return !hiddenBits.isEmpty();
    }
}
