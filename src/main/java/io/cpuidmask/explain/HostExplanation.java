package io.cpuidmask.explain;

import io.cpuidmask.catalog.DecodedFeatures;
import io.cpuidmask.catalog.X86Level;
import io.cpuidmask.model.CpuSignature;
import io.cpuidmask.model.HostProfile;
import java.util.Optional;

/**
 * What {@code explain} says about one host.
 *
 * @param signature family/model/stepping, empty when leaf 1 EAX is unknown
 */
public record HostExplanation(HostProfile host, Optional<CpuSignature> signature, X86Level level,
                              DecodedFeatures features) {

    public String name() {
        return host.host();
    }
}
