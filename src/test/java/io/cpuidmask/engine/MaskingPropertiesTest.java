package io.cpuidmask.engine;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.facts.IdentityField;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Status;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import io.cpuidmask.support.TestEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static io.cpuidmask.support.TestEngine.guest;
import static io.cpuidmask.support.TestEngine.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the masking decision over thousands of random clusters and random default masks,
 * run through the real Drools rules.
 */
class MaskingPropertiesTest {

    /** Registers without identity fields, so that every R/H difference is maskable. */
    private static final List<RegisterKey> KEYS = List.of(RegisterKey.of(1, Register.ECX),
            RegisterKey.of(1, Register.EDX), RegisterKey.of(7, Register.EBX), RegisterKey.of(0x80000001L, Register.ECX));

    record Cluster(List<Map<RegisterKey, Integer>> hosts, Map<RegisterKey, String> defaults, long seed) {
        List<HostProfile> profiles() {
            List<HostProfile> out = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                out.add(host("h" + i, "c", "GenuineIntel", hosts.get(i)));
            }
            return out;
        }

        GuestCatalog catalog() {
            return guest("g", "other", 64, defaults);
        }
    }

    @Provide
    Arbitrary<Cluster> clusters() {
        Arbitrary<String> masks = Arbitraries.of('X', 'R', 'H', '0', '1', 'T', 'F').list().ofSize(32)
                .map(l -> l.stream().map(String::valueOf).reduce("", String::concat));
        // Values drawn from a few bit patterns, so that hosts often agree on some bits.
        Arbitrary<Integer> values = Arbitraries.oneOf(Arbitraries.integers().between(Integer.MIN_VALUE, Integer.MAX_VALUE),
                Arbitraries.of(0, -1, 0x641d, 0x4400, 0xbfebfbff));
        Arbitrary<Map<RegisterKey, Integer>> host = values.list().ofSize(KEYS.size()).map(l -> {
            Map<RegisterKey, Integer> m = new LinkedHashMap<>();
            for (int i = 0; i < KEYS.size(); i++) {
                m.put(KEYS.get(i), l.get(i));
            }
            return m;
        });
        Arbitrary<Map<RegisterKey, String>> defaults = masks.list().ofSize(KEYS.size()).map(l -> {
            Map<RegisterKey, String> m = new LinkedHashMap<>();
            for (int i = 0; i < KEYS.size(); i++) {
                m.put(KEYS.get(i), l.get(i));
            }
            return m;
        });
        return Combinators.combine(host.list().ofMinSize(1).ofMaxSize(6), defaults, Arbitraries.longs())
                .as(Cluster::new);
    }

    private static ClusterResult check(Cluster c, List<HostProfile> hosts, GuestCatalog g) {
        return TestEngine.checkOne(hosts, g);
    }

    @Property(tries = 1000, seed = "20061125")
    void soundAfterTheEffectiveMaskEveryHostAgreesOnEveryRorHBit(@ForAll("clusters") Cluster c) {
        ClusterResult r = check(c, c.profiles(), c.catalog());
        for (MaskResult m : r.masks()) {
            for (int bit = 0; bit < 32; bit++) {
                if (m.effective().at(bit).comparedOnMigration()) {
                    int b = bit;
                    long distinct = c.hosts().stream().map(h -> h.get(m.key()) >>> b & 1).distinct().count();
                    assertEquals(1, distinct, () -> m.key() + " bit " + b + " still differs under " + m.effective());
                }
            }
        }
    }

    @Property(tries = 1000, seed = "20061125")
    void minimalNoBitIsHiddenOnWhichAllHostsAgree(@ForAll("clusters") Cluster c) {
        ClusterResult r = check(c, c.profiles(), c.catalog());
        for (MaskResult m : r.masks()) {
            for (int bit : m.hiddenBits()) {
                long distinct = c.hosts().stream().map(h -> h.get(m.key()) >>> bit & 1).distinct().count();
                assertEquals(2, distinct, () -> m.key() + " bit " + bit + " hidden though all hosts agree");
                assertTrue(m.defaultMask().at(bit).comparedOnMigration(), "only R or H bits are hidden");
            }
            for (int bit = 0; bit < 32; bit++) {
                MaskChar ch = m.custom().at(bit);
                assertTrue(ch == MaskChar.KEEP || ch == MaskChar.ZERO, "custom masks only use - and 0");
            }
        }
    }

    @Property(tries = 300, seed = "20061125")
    void hostOrderDoesNotChangeTheResult(@ForAll("clusters") Cluster c) {
        ClusterResult r = check(c, c.profiles(), c.catalog());
        List<HostProfile> shuffled = new ArrayList<>(c.profiles());
        Collections.shuffle(shuffled, new Random(c.seed()));
        ClusterResult s = check(c, shuffled, c.catalog());
        assertEquals(r.status(), s.status());
        assertEquals(r.masks(), s.masks());
        assertEquals(r.findings().stream().map(Object::toString).toList(),
                s.findings().stream().map(Object::toString).toList());
    }

    @Property(tries = 300, seed = "20061125")
    void idempotentTheEffectiveMaskAsDefaultNeedsNoFurtherHiding(@ForAll("clusters") Cluster c) {
        ClusterResult r = check(c, c.profiles(), c.catalog());
        Map<RegisterKey, String> effective = new LinkedHashMap<>();
        r.masks().forEach(m -> effective.put(m.key(), m.effective().format()));
        ClusterResult again = check(c, c.profiles(), guest("g", "other", 64, effective));
        again.masks().forEach(m -> assertEquals(List.of(), m.hiddenBits(), m.key().label()));
    }

    @Property(tries = 300, seed = "20061125")
    void monotoneAddingAHostNeverUnhidesABit(@ForAll("clusters") Cluster c, @ForAll("clusters") Cluster extra) {
        ClusterResult before = check(c, c.profiles(), c.catalog());
        List<HostProfile> more = new ArrayList<>(c.profiles());
        more.add(host("extra", "c", "GenuineIntel", extra.hosts().get(0)));
        ClusterResult after = check(c, more, c.catalog());
        for (int i = 0; i < before.masks().size(); i++) {
            assertTrue(after.masks().get(i).hiddenBits().containsAll(before.masks().get(i).hiddenBits()));
        }
    }


    /** 1.EAX holds the identity fields (stepping, model, family, type, extended model and family). */
    private static final RegisterKey EAX1 = RegisterKey.of(1, Register.EAX);
    private static final List<RegisterKey> ID_KEYS = List.of(EAX1, RegisterKey.of(1, Register.ECX));
    private static final Collection<IdentityField> IDENTITY =
            FeatureCatalogs.shipped().fieldsOf(EAX1);

    /**
     * Clusters whose hosts give 1.EAX too (real signatures or random ones), under default masks written
     * with random legend characters in either case and random separators.
     */
    @Provide
    Arbitrary<Cluster> identityClusters() {
        Arbitrary<String> masks = Combinators.combine(
                Arbitraries.of('X', 'R', 'H', '0', '1', 'T', 'F', 'x', 'r', 'h', 't', 'f').list().ofSize(32),
                Arbitraries.of("", " ", ":").list().ofSize(32)).as((chars, seps) -> {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < 32; i++) {
                        b.append(chars.get(i));
                        if (i % 4 == 3 && i < 31) {
                            b.append(seps.get(i).isEmpty() ? " " : seps.get(i));
                        }
                    }
                    return b.toString();
                });
        Arbitrary<Integer> eax = Arbitraries.oneOf(Arbitraries.of(0x00000f43, 0x00000f29, 0x000106a5, 0x000206d7,
                0x000306f2, 0x00800f12, 0x00a00f11, 0x00a10f11), Arbitraries.integers().between(Integer.MIN_VALUE, Integer.MAX_VALUE));
        Arbitrary<Integer> ecx = Arbitraries.oneOf(Arbitraries.of(0x641d, 0x4400, 0x7efa320b), Arbitraries.integers());
        Arbitrary<Map<RegisterKey, Integer>> host = Combinators.combine(eax, ecx).as((a, c) -> {
            Map<RegisterKey, Integer> m = new LinkedHashMap<>();
            m.put(ID_KEYS.get(0), a);
            m.put(ID_KEYS.get(1), c);
            return m;
        });
        Arbitrary<Map<RegisterKey, String>> defaults = masks.list().ofSize(2).map(l -> {
            Map<RegisterKey, String> m = new LinkedHashMap<>();
            m.put(ID_KEYS.get(0), l.get(0));
            m.put(ID_KEYS.get(1), l.get(1));
            return m;
        });
        return Combinators.combine(host.list().ofMinSize(1).ofMaxSize(5), defaults, Arbitraries.longs()).as(Cluster::new);
    }

    @Property(tries = 500, seed = "20061125")
    void identityBitsAreNeverHiddenAndADifferenceThereFailsTheCluster(@ForAll("identityClusters") Cluster c) {
        ClusterResult r = check(c, c.profiles(), c.catalog());
        MaskResult eax = TestEngine.mask(r, EAX1);
        boolean identityDiffers = false;
        for (int bit = 0; bit < 32; bit++) {
            int b = bit;
            boolean identity = IDENTITY.stream().anyMatch(f -> f.covers(b));
            long distinct = c.hosts().stream().map(h -> h.get(EAX1) >>> b & 1).distinct().count();
            if (identity) {
                assertTrue(!eax.hiddenBits().contains(bit), () -> "identity bit " + b + " hidden: " + eax.custom());
                identityDiffers |= distinct > 1 && eax.defaultMask().at(bit).comparedOnMigration();
            } else if (eax.defaultMask().at(bit).comparedOnMigration() && distinct > 1) {
                assertTrue(eax.hiddenBits().contains(bit), () -> "feature bit " + b + " of 1.eax differs but is not hidden");
            }
        }
        if (identityDiffers) {
            assertEquals(Status.FAIL, r.status(), () -> "hosts differ in a compared identity field: "
                    + r.findings());
        }
        // Soundness and minimality on the register without identity fields, under the same random legend.
        MaskResult ecx = TestEngine.mask(r, ID_KEYS.get(1));
        for (int bit = 0; bit < 32; bit++) {
            int b = bit;
            long distinct = c.hosts().stream().map(h -> h.get(ecx.key()) >>> b & 1).distinct().count();
            assertEquals(ecx.effective().at(bit).comparedOnMigration() ? 1 : distinct, distinct,
                    () -> "1.ecx bit " + b + " still differs under " + ecx.effective());
            assertEquals(ecx.hiddenBits().contains(bit), distinct > 1 && ecx.defaultMask().at(bit).comparedOnMigration(),
                    () -> "1.ecx bit " + b + ": hidden exactly when hosts differ under R or H");
        }
    }
}
