package io.cpuidmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cpuidmask plan} as a user and a script see it: the JSON, the text, the exit codes, the errors. */
class PlanCommandTest {

    @TempDir
    Path tmp;

    private static CheckCommandTest.Run run(String... args) {
        return CheckCommandTest.run(args);
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void jsonHasBeforeAndAfterAsBaselineClustersAndEachGuestsVerdicts() throws Exception {
        CheckCommandTest.Run r = run("plan", "profiles/seed", "--remove", "esx-b.lab", "--guest", "windows",
                "--guest", "linux-64", "--format", "json");
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(List.of("tool", "version", "cpuModels", "rules", "clusters", "splits", "inputErrors", "inputWarnings"),
                fields(root));
        JsonNode c = root.get("clusters").get(0);
        assertEquals(List.of("cluster", "added", "removed", "before", "after", "guests"), fields(c));
        JsonNode baseline = new ObjectMapper().readTree(run("baseline", "profiles/seed", "--format", "json").out())
                .get("clusters").get(0);
        assertEquals(fields(baseline), fields(c.get("before")), "before is a baseline cluster");
        assertEquals(baseline, c.get("before"));
        for (String f : List.of("commonFeatures", "level", "model", "evc")) {
            assertTrue(c.get("after").has(f), f);
        }
        assertEquals("x86-64-v1", c.get("after").get("level").asText());
        assertEquals("esx-b.lab", c.get("removed").get(0).asText());
        JsonNode linux = c.get("guests").get(1);
        assertEquals("linux-64", linux.get("guest").asText());
        assertEquals("FAIL", linux.get("before").get("status").asText());
        assertEquals("PASS", linux.get("after").get("status").asText());
        assertTrue(linux.get("before").get("hidden").isArray());
        assertEquals(0, linux.get("after").get("hidden").size(), "one host: nothing to hide");
        assertEquals("shipped", root.get("rules").get(0).get("kind").asText());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void textSaysBeforeAfterAndTheVerdicts() {
        CheckCommandTest.Run r = run("plan", "profiles/seed", "--remove", "esx-b.lab", "--guest", "linux-64");
        assertTrue(r.out().contains("== cluster seed: - esx-b.lab"), r.out());
        assertTrue(r.out().contains("before: 2 hosts, none, kvm32"), r.out());
        assertTrue(r.out().contains("after:  1 host, x86-64-v1, kvm64"), r.out());
        assertTrue(r.out().contains("gains (7): +SSE3 +DTES64 +MONITOR +DS_CPL +CX16 +SYSCALL +LM"), r.out());
        assertTrue(r.out().contains("linux-64  FAIL -> PASS, hides 2 -> 0 features: -SSE3 -CX16"), r.out());
    }

    @Test
    void exitCodeOneWhenAGuestFailsAfter() {
        CheckCommandTest.Run r = run("plan", "profiles/seed", "--remove", "esx-a.lab", "--guest", "linux-64");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("linux-64  FAIL -> FAIL"), r.out());
    }

    @Test
    void splitPrintsTheFigureAndEachPoolAsBaselineDoes() throws Exception {
        CheckCommandTest.Run r = run("plan", "profiles/intel-mixed", "--split", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("split into at most 2 pools: 2 pool(s), optimal (exact search)"), r.out());
        assertTrue(r.out().contains("== pool 1 of cluster intel-mixed: 2 host(s), GenuineIntel"), r.out());
        assertTrue(r.out().contains("   VMware EVC mode: "), r.out());
        JsonNode s = new ObjectMapper().readTree(run("plan", "profiles/intel-mixed", "--split", "2", "--format", "json").out())
                .get("splits").get(0);
        assertEquals("exact", s.get("method").asText());
        assertTrue(s.get("optimal").asBoolean());
        long sum = 0;
        for (JsonNode p : s.get("pools")) {
            sum += (long) p.get("hosts").size() * p.get("commonFeatures").size();
        }
        assertEquals(sum, s.get("score").asLong());
        assertTrue(s.get("score").asLong() > s.get("unsplitScore").asLong());
    }

    @Test
    void mistakesAreUsageErrorsWithTheNearestName() {
        CheckCommandTest.Run host = run("plan", "profiles/seed", "--remove", "esx-c.lab");
        assertEquals(2, host.code());
        assertTrue(host.err().contains("no host 'esx-c.lab' in the inputs (did you mean 'esx-a.lab'?)"), host.err());
        CheckCommandTest.Run nothing = run("plan", "profiles/seed");
        assertEquals(2, nothing.code());
        assertTrue(nothing.err().contains("nothing to plan"), nothing.err());
        assertEquals(2, run("plan", "profiles/seed", "--split", "0").code());
        assertEquals(2, run("plan", "profiles/seed", "--cluster", "seed", "--remove", "esx-a.lab").code());
        CheckCommandTest.Run guest = run("plan", "profiles/seed", "--remove", "esx-a.lab", "--guest", "windws");
        assertEquals(2, guest.code());
        assertTrue(guest.err().contains("did you mean 'windows'"), guest.err());
        CheckCommandTest.Run cluster = run("plan", "profiles/seed", "--add", "profiles/intel-mixed/nhm-e5520.yaml");
        assertEquals(2, cluster.code());
        assertTrue(cluster.err().contains("would join cluster 'intel-mixed', which the inputs do not have"), cluster.err());
    }

    @Test
    void aBrokenCandidateIsOneFileLineErrorAndTheRestIsPlanned() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "host: x\ncluster: seed\ncpuid:\n  - leaf: 0x1\n    ecx: 00004400\n");
        CheckCommandTest.Run r = run("plan", "profiles/seed", "--add", bad.toString(), "--remove", "esx-b.lab",
                "--guest", "windows");
        assertEquals(3, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith(bad + ":5: "), lines.get(0));
        assertTrue(r.out().contains("== cluster seed: - esx-b.lab"), r.out());
        assertFalse(r.err().contains("Exception"));
    }
}
