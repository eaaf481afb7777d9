package io.cpuidmask.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.bench.EstateGenerator;
import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.support.TestEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine hands out outcomes batch by batch in cluster order, the same outcomes as all at once,
 * and computes only a few batches ahead of a sink that is slow to take them.
 */
class OutcomeHandOutTest {

    /** One-host clusters go 16 to a session: this many batches per core is more than may be in flight. */
    private static final int BATCHES_PER_CORE = 8;

    @TempDir
    Path tmp;

    private List<HostProfile> estate(int clusters) throws IOException {
        EstateGenerator.fromProfiles(Path.of("profiles")).write(tmp, clusters, clusters, 7);
        return new ProfileLoader(null).load(List.of(tmp)).hosts();
    }

    private static List<GuestCatalog> oneGuest() {
        return List.of(new CatalogLoader().load(Path.of("rules/masks")).guests().get("linux-64"));
    }

    @Test
    void batchesComeInClusterOrderAndAddUpToTheWholeEvaluation() throws IOException {
        List<HostProfile> hosts = estate(100);
        PolicyEngine engine = TestEngine.engine();
        List<List<RuleOutcome>> batches = new ArrayList<>();
        List<?> errors = engine.evaluate(hosts, oneGuest(), (done, total) -> { }, batches::add);
        assertTrue(errors.isEmpty(), errors::toString);
        assertTrue(batches.size() > 2, "batches: " + batches.size());
        List<RuleOutcome> handedOut = batches.stream().flatMap(List::stream).toList();
        List<String> clusters = handedOut.stream().map(o -> o.clusterGuest().getCluster()).toList();
        assertEquals(clusters.stream().sorted().toList(), clusters);
        assertEquals(SessionSharingTest.describe(engine.evaluate(hosts, oneGuest()).outcomes()),
                SessionSharingTest.describe(handedOut));
    }

    @Test
    void aSlowSinkHoldsBackTheBatchesAfterAFew() throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        List<HostProfile> hosts = estate(16 * BATCHES_PER_CORE * cores);
        AtomicInteger checked = new AtomicInteger();
        int[] whenFirstTaken = {-1};
        TestEngine.engine().evaluate(hosts, oneGuest(), (done, total) -> checked.accumulateAndGet(done, Math::max), b -> {
            if (whenFirstTaken[0] < 0) {
                sleep(1500); // time enough for every batch, were they all under way
                whenFirstTaken[0] = checked.get();
            }
        });
        assertTrue(whenFirstTaken[0] <= hosts.size() / 2, whenFirstTaken[0] + " of " + hosts.size()
                + " clusters checked before the first batch was taken");
        assertEquals(hosts.size(), checked.get());
    }

    @Test
    void whatTheSinkThrowsEndsTheRun() throws IOException {
        List<HostProfile> hosts = estate(100);
        IllegalStateException full = new IllegalStateException("disk full");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> TestEngine.engine().evaluate(hosts, oneGuest(), (d, t) -> { }, b -> {
                    throw full;
                }));
        assertSame(full, thrown);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
