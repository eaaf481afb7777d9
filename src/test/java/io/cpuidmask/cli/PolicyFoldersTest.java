package io.cpuidmask.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpuidmask.model.Version;
import io.cpuidmask.support.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the policy comes from (DESIGN.md section 8): the shipped policy by default wherever cpuidmask
 * runs, exactly the --rules folders instead, --site folders layered on top, rules export; and a run
 * that can check nothing writes nothing. Every path here is absolute, so nothing depends on the
 * working directory (ShippedPolicyIT runs the jar from a folder of its own).
 */
class PolicyFoldersTest {

    private static final String SHIPPED = "shipped:cpuidmask-" + Version.get();
    private static final Path SEED = Path.of("profiles/seed").toAbsolutePath();
    private static final Path RULES = Path.of("rules").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static CheckCommandTest.Run run(String... args) {
        return CheckCommandTest.run(args);
    }

    private JsonNode checkJson(Path out, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("check", SEED.toString(), "--format", "json", "--out", out.toString()));
        args.addAll(List.of(more));
        CheckCommandTest.Run r = run(args.toArray(String[]::new));
        assertTrue(r.code() == 0 || r.code() == 1, r.err()); // 1: the seed FAILs for 64-bit guests
        return JSON.readTree(out.resolve("report.json").toFile());
    }

    @Test
    void withoutOptionsTheShippedPolicyDecidesAsTheCheckoutsRulesDo() throws Exception {
        JsonNode shipped = checkJson(tmp.resolve("shipped"));
        JsonNode checkout = checkJson(tmp.resolve("checkout"), "--rules", RULES.toString());
        for (JsonNode f : shipped.get("rules").get("files")) {
            assertTrue(f.asText().startsWith(SHIPPED + "/"), f.asText());
        }
        JsonNode folders = shipped.get("rules").get("folders");
        assertEquals(1, folders.size(), folders::toString);
        assertEquals(SHIPPED, folders.get(0).get("folder").asText());
        assertEquals("shipped", folders.get(0).get("kind").asText());
        // Same files, same verdicts: the packaged policy is the checkout's rules/ folder.
        assertEquals(checkout.get("clusters"), shipped.get("clusters"));
        assertEquals(12, shipped.get("clusters").size());
        JsonNode checkoutFolder = checkout.get("rules").get("folders").get(0);
        assertEquals("rules", checkoutFolder.get("kind").asText());
        assertEquals(checkoutFolder.get("sha256"), folders.get(0).get("sha256"), "same files, same folder SHA-256");

        CheckCommandTest.Run text = run("check", SEED.toString(), "--guest", "windows", "--format", "text");
        assertTrue(text.out().contains("rules: " + SHIPPED + " sha256 " + folders.get(0).get("sha256").asText()), text.out());
    }

    @Test
    void rulesFoldersBringTheirOwnCatalogues() throws Exception {
        Path rules = tmp.resolve("my-rules");
        RulesCommandTest.copyTree(RULES, rules);
        try (Stream<Path> s = Files.list(rules.resolve("masks"))) {
            for (Path p : s.filter(p -> !p.getFileName().toString().equals("windows.yaml")).toList()) {
                Files.delete(p);
            }
        }
        JsonNode report = checkJson(tmp.resolve("out"), "--rules", rules.toString());
        assertEquals(1, report.get("clusters").size(), "only the guest of my-rules/masks");
        assertEquals("windows", report.get("clusters").get(0).get("guest").asText());
        // Without masks/, a rules folder needs --catalog.
        Path bare = TestEngine.copyShippedDrl(tmp.resolve("bare"));
        CheckCommandTest.Run r = run("check", SEED.toString(), "--rules", bare.toString(), "--out", tmp.resolve("o2").toString());
        assertEquals(3, r.code(), r.err());
        assertEquals(bare + ": no guest catalogues: the rules folder has no masks/ folder (give --catalog DIR)\n", r.err());
        assertFalse(Files.exists(tmp.resolve("o2")));
    }

    @Test
    void aSiteFolderWithOnlyWaiversWaivesAFinding() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("waivers.yaml"), "waivers:\n  - rule: hidden-user-mode-feature\n    cluster: seed\n"
                + "    feature: SSE3\n    reason: \"legacy app pinned to SSE2, ticket OPS-1\"\n    expires: 2999-12-31\n");
        JsonNode plain = checkJson(tmp.resolve("plain"), "--guest", "windows");
        assertEquals("RISKY", plain.get("clusters").get(0).get("status").asText());
        JsonNode waived = checkJson(tmp.resolve("waived"), "--guest", "windows", "--guest", "windows-64", "--site", site.toString());
        JsonNode windows = waived.get("clusters").get(0);
        assertEquals("windows", windows.get("guest").asText());
        assertEquals("MASKED", windows.get("status").asText(), windows::toString);
        boolean found = false;
        for (JsonNode f : windows.get("findings")) {
            if (f.get("rule").asText().equals("hidden-user-mode-feature") && "SSE3".equals(f.path("feature").asText())) {
                assertTrue(f.get("waived").asBoolean(), f::toString);
                assertEquals("legacy app pinned to SSE2, ticket OPS-1", f.get("waiverReason").asText());
                found = true;
            }
        }
        assertTrue(found, windows::toString);
        JsonNode folders = waived.get("rules").get("folders");
        assertEquals(2, folders.size(), folders::toString);
        assertEquals(SHIPPED, folders.get(0).get("folder").asText());
        assertEquals(site.toString(), folders.get(1).get("folder").asText());
        assertEquals("site", folders.get(1).get("kind").asText());
        assertTrue(waived.get("rules").get("files").toString().contains(site.resolve("waivers.yaml").toString()));
    }

    private static final String SITE_RULE = "package site.notes\n\nimport io.cpuidmask.facts.*;\n\n"
            + "rule \"Seed cluster is on the retirement list\"\n"
            + "    @id(\"site-seed-retiring\")\n    @severity(\"INFO\")\n    @description(\"The seed cluster is being retired\")\n"
            + "when\n    $cg : ClusterGuest( cluster == \"seed\" )\nthen\n"
            + "    insertLogical( Findings.of(kcontext, $cg).message(\"cluster seed retires in 2027\").build() );\nend\n";

    @Test
    void aSiteFolderWithDrlAddsARuleAndItsTests() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("retiring.drl"), SITE_RULE);
        JsonNode report = checkJson(tmp.resolve("out"), "--guest", "windows", "--site", site.toString());
        assertTrue(report.get("clusters").get(0).get("findings").toString().contains("site-seed-retiring"), report::toString);

        CheckCommandTest.Run list = run("rules", "list", "--site", site.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("site-seed-retiring"), list.out());
        assertTrue(list.out().contains("from " + site + " (site) sha256 "), list.out());

        // The site's own policy tests run with the shipped ones, against the layered policy.
        Files.createDirectories(site.resolve("tests"));
        Files.writeString(site.resolve("tests/retiring.yaml"), "cases:\n  - name: only the seed cluster retires\n"
                + "    guest: windows\n    hosts:\n      - {host: a, vendor: GenuineIntel, cpuid: [{leaf: 0x1, ecx: 0x0000641d}]}\n"
                + "    expect:\n      absent: [site-seed-retiring]\n");
        CheckCommandTest.Run verify = run("rules", "verify", "--site", site.toString());
        assertEquals(0, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().contains("PASS " + site.resolve("tests/retiring.yaml") + ":2 only the seed cluster retires"),
                verify.out());
        CheckCommandTest.Run shipped = run("rules", "verify");
        assertEquals(passed(shipped.out()) + 1, passed(verify.out()), "every shipped case and the site's pass");
    }

    private static int passed(String out) {
        String last = out.trim().substring(out.trim().lastIndexOf('\n') + 1);
        return Integer.parseInt(last.substring(0, last.indexOf(' ')));
    }

    @Test
    void aSiteFolderMayAddGuestCataloguesButNotRedefineOne() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site/masks"));
        String windows = Files.readString(RULES.resolve("masks/windows.yaml"));
        Files.writeString(site.resolve("legacy.yaml"), windows.replaceFirst("(?m)^guest: windows$", "guest: site-legacy"));
        JsonNode report = checkJson(tmp.resolve("out"), "--guest", "site-legacy", "--site", site.getParent().toString());
        assertEquals("site-legacy", report.get("clusters").get(0).get("guest").asText());
        assertEquals("RISKY", report.get("clusters").get(0).get("status").asText());

        Files.writeString(site.resolve("windows.yaml"), windows);
        CheckCommandTest.Run r = run("check", SEED.toString(), "--site", site.getParent().toString(), "--format", "text");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains(site.resolve("windows.yaml") + ":1: guest 'windows' is already defined in "
                + SHIPPED + "/masks/windows.yaml"), r.err());
    }

    @Test
    void aSiteFolderThatDoesNotExistIsAnError() {
        Path missing = tmp.resolve("no-site");
        CheckCommandTest.Run r = run("check", SEED.toString(), "--site", missing.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(3, r.code());
        assertEquals(missing + ": site folder not found\n", r.err());
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void exportWritesTheShippedPolicyWhichThenVerifiesOnItsOwn() throws Exception {
        Path exported = tmp.resolve("my-policy");
        CheckCommandTest.Run r = run("rules", "export", exported.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("exported "), "the result is the folder: what was written is said on stderr: " + r.err());
        assertEquals("", r.out());
        try (Stream<Path> s = Files.walk(RULES)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path copy = exported.resolve(RULES.relativize(p).toString());
                assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(copy), copy.toString());
            }
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(exported), s.toList(), "no temporary folder left beside the export");
        }
        CheckCommandTest.Run verify = run("rules", "verify", "--rules", exported.toString());
        assertEquals(0, verify.code(), verify.out() + verify.err());
        assertEquals(passed(run("rules", "verify").out()), passed(verify.out()));
        assertTrue(verify.out().trim().endsWith(" passed, 0 failed"), verify.out());

        // The export is the same policy, by its SHA-256, and decides the same.
        JsonNode list = JSON.readTree(run("rules", "list", "--format", "json", "--rules", exported.toString()).out());
        JsonNode shippedList = JSON.readTree(run("rules", "list", "--format", "json").out());
        assertEquals(shippedList.get("folders").get(0).get("sha256"), list.get("folders").get(0).get("sha256"));

        // A folder that is not empty is refused and left as it was, unless --force.
        Path extra = exported.resolve("site-notes.txt");
        Files.writeString(extra, "mine");
        Files.writeString(exported.resolve("masking.drl"), "edited");
        CheckCommandTest.Run refused = run("rules", "export", exported.toString());
        assertEquals(3, refused.code());
        assertEquals(exported + ": is not empty (--force replaces what it holds)\n", refused.err());
        assertEquals("edited", Files.readString(exported.resolve("masking.drl")));
        CheckCommandTest.Run forced = run("rules", "export", exported.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertArrayEquals(Files.readAllBytes(RULES.resolve("masking.drl")), Files.readAllBytes(exported.resolve("masking.drl")));
        assertFalse(Files.exists(extra), "--force leaves exactly the shipped policy");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(exported), s.toList(), "no temporary folder left beside the export");
        }

        // An empty folder is fine; a file is not.
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(0, run("rules", "export", empty.toString()).code());
        assertTrue(Files.isRegularFile(empty.resolve("masks/windows.yaml")));
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertEquals(3, run("rules", "export", file.toString(), "--force").code());
    }

    @Test
    void aFailedRunLeavesTheLastReportsAsTheyWere() throws Exception {
        Path out = tmp.resolve("reports");
        CheckCommandTest.Run good = run("check", SEED.toString(), "--out", out.toString(), "--format", "json", "--format", "md");
        assertEquals(1, good.code(), good.err());
        byte[] json = Files.readAllBytes(out.resolve("report.json"));
        FileTime time = Files.getLastModifiedTime(out.resolve("report.json"));
        List<Path> before;
        try (Stream<Path> s = Files.list(out)) {
            before = s.sorted().toList();
        }
        Path rulez = tmp.resolve("rulez");
        CheckCommandTest.Run failed = run("check", SEED.toString(), "--rules", rulez.toString(), "--out", out.toString(),
                "--format", "json", "--format", "md", "--format", "html", "--format", "text");
        assertEquals(3, failed.code());
        assertEquals(rulez + ": rules folder not found\n", failed.err(), "one plain message");
        assertEquals("", failed.out(), "no summary of a run that checked nothing");
        assertArrayEquals(json, Files.readAllBytes(out.resolve("report.json")));
        assertEquals(time, Files.getLastModifiedTime(out.resolve("report.json")));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(before, s.sorted().toList(), "no file under --out written or replaced");
        }

        // Rules that do not compile: the same.
        Path broken = tmp.resolve("broken");
        RulesCommandTest.copyTree(RULES, broken);
        Files.writeString(broken.resolve("masking.drl"), "package x\nrule \"r\" @id(\"r\")\nwhen\n  Foo(\nthen\nend\n");
        CheckCommandTest.Run bad = run("check", SEED.toString(), "--rules", broken.toString(), "--out", out.toString());
        assertEquals(3, bad.code());
        assertTrue(bad.err().startsWith(broken.resolve("masking.drl") + ":"), bad.err());
        assertArrayEquals(json, Files.readAllBytes(out.resolve("report.json")));
    }

    @Test
    void aFolderWithNoProfilesIsNothingToCheck() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("no-profiles"));
        Files.writeString(empty.resolve("README.txt"), "profiles go here\n");
        Path out = tmp.resolve("reports");
        CheckCommandTest.Run r = run("check", empty.toString(), "--out", out.toString());
        assertEquals(3, r.code());
        assertEquals(empty + ": no host profiles found\n", r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(out), "nothing written");

        Path missing = tmp.resolve("nowhere");
        CheckCommandTest.Run m = run("check", missing.toString(), "--out", out.toString());
        assertEquals(3, m.code());
        assertEquals(missing + ": no such file or folder\n", m.err());
        assertFalse(Files.exists(out), "nothing written");

        // Beside a folder that has profiles, an empty one is an input error and the rest is still checked.
        CheckCommandTest.Run both = run("check", SEED.toString(), empty.toString(), "--out", out.toString(), "--format", "json");
        assertEquals(3, both.code());
        assertTrue(both.err().contains(empty + ": no host profiles found"), both.err());
        assertEquals(12, JSON.readTree(out.resolve("report.json").toFile()).get("clusters").size());
    }
}
