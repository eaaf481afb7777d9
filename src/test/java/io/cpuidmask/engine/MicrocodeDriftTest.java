package io.cpuidmask.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.catalog.MaskEntry;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.SourceRef;
import io.cpuidmask.model.Status;
import io.cpuidmask.support.TestEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * microcode-drift's messages on constructed clusters of identical registers: the outliers, the
 * revision most hosts run, and a tie said as such, whatever order the hosts come in.
 */
class MicrocodeDriftTest {

    private static final RegisterKey EAX1 = RegisterKey.of(1, Register.EAX);
    private static final RegisterKey ECX1 = RegisterKey.of(1, Register.ECX);
    // Xeon Gold 6130 (corpus skylake dump): family 6, model 85, stepping 4.
    private static final int SKX = 0x00050654;
    private static final GuestCatalog GUEST = new GuestCatalog("g", "g", "linux", 64, List.of(),
            List.of(new MaskEntry(ECX1, null, MaskString.parse("RRRR RRRR RRRR RRRR RRRR RRRR RRRR RRRR"), "test", 1)),
            "g.yaml");

    private static HostProfile host(String name, int eax, Long microcode) {
        return new HostProfile(name, "c", "GenuineIntel", "", new TreeMap<>(Map.of(EAX1, eax, ECX1, 0x7ffefbff)),
                new SourceRef(name + ".yaml", 1), Map.of(), microcode, null);
    }

    private static List<Finding> drift(List<HostProfile> hosts) {
        ClusterResult r = TestEngine.checkOne(hosts, GUEST);
        return r.findings().stream().filter(f -> f.getRuleId().equals("microcode-drift")).toList();
    }

    @Test
    void theOutlierIsNamedWithTheRevisionMostHostsRun() {
        List<HostProfile> hosts = List.of(host("a", SKX, 0x2007006L), host("b", SKX, 0x2007006L),
                host("c", SKX, 0x2007006L), host("old", SKX, 0x2006e05L));
        List<Finding> f = drift(hosts);
        assertEquals(1, f.size(), f.toString());
        assertEquals("old", f.get(0).getHost());
        String m = f.get(0).getMessage();
        assertTrue(m.startsWith("host old (GenuineIntel family 6 model 85 stepping 4) runs microcode 0x2006e05; "
                + "3 of its 4 hosts run 0x2007006."), m);
        assertEquals(Status.RISKY, TestEngine.checkOne(hosts, GUEST).status(), "no bit differs: the drift alone warns");
    }

    @Test
    void aTieIsSaidAndTheNewestTiedRevisionIsTheReferenceWhateverTheOrder() {
        List<HostProfile> hosts = new ArrayList<>(List.of(host("a", SKX, 0x2006e05L), host("b", SKX, 0x2006e05L),
                host("c", SKX, 0x2007006L), host("d", SKX, 0x2007006L), host("e", SKX, 0x2000065L)));
        for (int turn = 0; turn < hosts.size(); turn++) {
            java.util.Collections.rotate(hosts, 1);
            List<Finding> f = drift(hosts);
            assertEquals(List.of("a", "e"), f.stream().map(Finding::getHost).sorted().toList(), f.toString());
            Finding older = f.stream().filter(x -> x.getHost().equals("a")).findFirst().orElseThrow();
            assertTrue(older.getMessage().contains("hosts a, b (GenuineIntel family 6 model 85 stepping 4) run microcode"
                    + " 0x2006e05; no revision is run by most of its 5 hosts (2 revisions are run by 2 each);"
                    + " compared with the newest of those, 0x2007006."), older.getMessage());
        }
    }

    @Test
    void otherSteppingsAndHostsWithoutARevisionAreNotCompared() {
        assertEquals(List.of(), drift(List.of(host("skx", SKX, 0x2007006L), host("clx", 0x00050657, 0x5003604L),
                host("unknown", SKX, null))));
    }
}
