package io.cpuidmask.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.support.TestEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which hosts hold a cluster back, on clusters whose answer can be checked by hand. */
class LimitingHostsTest {

    static final int SSE3 = 1;
    static final int SSSE3 = 1 << 9;
    static final int SSE4_1 = 1 << 19;
    private final BaselineCalculator calc = BaselineCalculator.shipped();

    /** An Intel host with the given leaf 1 ECX (and EBX, where APIC ids live); long mode on. */
    static HostProfile intel(String name, int ecx1, int ebx1) {
        Map<RegisterKey, Integer> r = new HashMap<>();
        r.put(RegisterKey.of(0, Register.EAX), 1);
        r.put(RegisterKey.of(0, Register.EBX), 0x756e6547);
        r.put(RegisterKey.of(0, Register.EDX), 0x49656e69);
        r.put(RegisterKey.of(0, Register.ECX), 0x6c65746e);
        r.put(RegisterKey.of(1, Register.EBX), ebx1);
        r.put(RegisterKey.of(1, Register.ECX), ecx1);
        r.put(RegisterKey.of(1, Register.EDX), 0xbfebfbff);
        r.put(RegisterKey.of(0x8000_0000L, Register.EAX), 0x8000_0001);
        r.put(RegisterKey.of(0x8000_0001L, Register.ECX), 1);
        r.put(RegisterKey.of(0x8000_0001L, Register.EDX), 0x2010_0800);
        return TestEngine.host(name, "c", null, r);
    }

    private static List<String> names(List<FeatureBit> bits) {
        return bits.stream().map(FeatureBit::name).toList();
    }

    @Test
    void eachCpuKindWithWhatTheOthersWouldGainWithoutIt() {
        // a, a2 and d: one CPU kind (d differs only in its APIC id); b lacks SSE4.1, c lacks SSSE3
        List<HostProfile> hosts = List.of(intel("a", SSE3 | SSSE3 | SSE4_1, 0), intel("b", SSE3 | SSSE3, 0),
                intel("a2", SSE3 | SSSE3 | SSE4_1, 0), intel("c", SSE3 | SSE4_1, 0), intel("d", SSE3 | SSSE3 | SSE4_1, 0x0100_0000));
        ClusterBaseline b = calc.cluster("c", hosts);
        List<LimitingHost> limits = b.limitingHosts();
        assertEquals(List.of(List.of("b"), List.of("c"), List.of("a", "a2", "d")),
                limits.stream().map(LimitingHost::hosts).toList(), "largest gain first, ties by first host");
        assertEquals(List.of("SSE4_1"), names(limits.get(0).gains()));
        assertEquals(List.of("SSSE3"), names(limits.get(1).gains()));
        assertEquals(List.of(), names(limits.get(2).gains()), "without a, a2, d: b and c still lack one each");
        assertEquals("3 hosts: a, a2, d", limits.get(2).label());
    }

    @Test
    void levelModelAndEvcAreTheRestsOwnBaseline() {
        List<HostProfile> hosts = List.of(intel("a", SSE3 | SSSE3 | SSE4_1, 0), intel("b", SSE3, 0));
        LimitingHost withoutB = calc.cluster("c", hosts).limitingHosts().get(0);
        ClusterBaseline rest = calc.cluster("c", List.of(hosts.get(0)));
        assertEquals(List.of("b"), withoutB.hosts());
        assertEquals(rest.x86Level(), withoutB.x86Level());
        assertEquals(rest.model(), withoutB.model());
        assertEquals(rest.evcMode(), withoutB.evcMode());
        assertEquals(List.of("SSSE3", "SSE4_1"), names(withoutB.gains()));
    }

    @Test
    void oneCpuKindHoldsNothingBack() {
        ClusterBaseline b = calc.cluster("c", List.of(intel("a", SSE3, 0), intel("b", SSE3, 0x0200_0000)));
        assertEquals(List.of(), b.limitingHosts());
        assertEquals(List.of(), calc.cluster("c", List.of(intel("a", SSE3, 0))).limitingHosts());
    }

    @Test
    void shippedIntelMixedIsHeldBackByTheNehalem() {
        ClusterBaseline b = calc.compute(new io.cpuidmask.profile.ProfileLoader(null)
                .load(List.of(java.nio.file.Path.of("profiles/intel-mixed"))).hosts()).get(0);
        LimitingHost top = b.limitingHosts().get(0);
        assertEquals(List.of("nhm-e5520.dc1"), top.hosts());
        assertTrue(names(top.gains()).containsAll(List.of("AES", "AVX", "PCLMULQDQ", "XSAVE")), names(top.gains()).toString());
        assertEquals("SandyBridge", top.model().name());
        assertEquals("intel-sandybridge", top.evcMode().key());
        assertEquals(3, b.limitingHosts().size(), "every CPU kind has an entry, even one whose leaving gains nothing");
        for (int i = 1; i < b.limitingHosts().size(); i++) {
            assertTrue(b.limitingHosts().get(i - 1).gains().size() >= b.limitingHosts().get(i).gains().size());
        }
    }

    @Test
    void mixedVendorsRestOfOneVendorGetsItsModel() {
        Map<RegisterKey, Integer> amd = new HashMap<>(intel("x", SSE3, 0).registers());
        amd.put(RegisterKey.of(0, Register.EBX), 0x68747541);
        amd.put(RegisterKey.of(0, Register.EDX), 0x69746e65);
        amd.put(RegisterKey.of(0, Register.ECX), 0x444d4163);
        List<HostProfile> hosts = List.of(intel("i1", SSE3 | SSSE3, 0), intel("i2", SSE3 | SSSE3, 0),
                TestEngine.host("amd", "c", null, amd));
        ClusterBaseline b = calc.cluster("c", hosts);
        assertTrue(b.mixedVendors());
        LimitingHost withoutAmd = b.limitingHosts().stream().filter(l -> l.hosts().equals(List.of("amd"))).findFirst().orElseThrow();
        // a mixed cluster has no model; either vendor's hosts alone have one
        assertEquals(null, b.model());
        assertEquals(calc.cluster("c", hosts.subList(0, 2)).model(), withoutAmd.model());
        assertTrue(withoutAmd.model() != null);
        assertTrue(names(withoutAmd.gains()).contains("SSSE3"), names(withoutAmd.gains()).toString());
        LimitingHost withoutIntel = b.limitingHosts().stream().filter(l -> l.hosts().size() == 2).findFirst().orElseThrow();
        assertEquals(List.of("i1", "i2"), withoutIntel.hosts());
        assertEquals(calc.cluster("c", hosts.subList(2, 3)).model(), withoutIntel.model());
    }
}
