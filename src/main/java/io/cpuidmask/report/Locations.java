package io.cpuidmask.report;

import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.SourceRef;
import io.cpuidmask.result.ClusterResult;

/** Where in the input files a finding points: the host's profile, at the register's line where known. */
final class Locations {

    private Locations() {
    }

    static SourceRef of(ClusterResult c, Finding f) {
        HostProfile host = c.hosts().stream().filter(h -> h.host().equals(f.getHost())).findFirst()
                .orElse(c.hosts().get(0));
        int line = f.getKey() != null ? host.lineOf(f.getKey()) : host.source().line();
        return new SourceRef(host.source().file(), line);
    }
}
