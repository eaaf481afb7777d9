package io.cpuidmask.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.ThreadMXBean;
import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.InputError;
import io.cpuidmask.profile.ProfileParser;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile inputs that cannot be kept as files in the repository: made at test time in a temporary
 * folder (a 100 MB file, unreadable files and folders, symbolic link loops, a large alias bomb),
 * plus bad folders on the command line.
 */
class GeneratedHostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path good() throws IOException {
        Path dir = tmp.resolve("good");
        Files.createDirectories(dir);
        for (String h : new String[] {"esx-a.yaml", "esx-b.yaml"}) {
            if (!Files.exists(dir.resolve(h))) {
                Files.copy(Path.of("profiles/seed", h), dir.resolve(h));
            }
        }
        return dir;
    }

    private Cli.Run check(Path out, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("check", good().toString(), "--guest", "windows",
                "--format", "json", "--out", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static void assertSeedChecked(Path out) throws IOException {
        JsonNode json = JSON.readTree(out.resolve("report.json").toFile());
        assertTrue(json.get("clusters").toString().contains("\"hosts\":[\"esx-a.lab\",\"esx-b.lab\"]"), json::toString);
    }

    /** The one stderr line about the file: {@code file: message} or {@code file:line: message}. */
    private static String onlyLineAbout(Cli.Run r, Path file) {
        List<String> about = r.linesAbout(InputFiles.display(file));
        assertEquals(1, about.size(), r::toString);
        return about.get(0);
    }

    /** Whether this process can read files it has no permission for (root can). */
    private static boolean readsEverything(Path probe) throws IOException {
        Files.writeString(probe, "x");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("---------"));
        try {
            Files.readAllBytes(probe);
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            Files.delete(probe);
        }
    }

    @Test
    void hundredMegabyteFilesAreRefusedBeforeParsingWithTheLimitNamed() throws IOException {
        Path big = tmp.resolve("in/huge.yaml");
        Path bigDump = tmp.resolve("in/huge.cpuid.txt");
        Files.createDirectories(big.getParent());
        for (Path p : List.of(big, bigDump)) {
            try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                f.setLength(100L * 1024 * 1024); // sparse: no disk used, and never read
            }
        }
        Path out = tmp.resolve("out");
        long t0 = System.nanoTime();
        Cli.Run r = check(out, big.toString(), bigDump.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, r.code(), r::toString);
        Cli.assertCleanStderr(r);
        for (Path p : List.of(big, bigDump)) {
            String line = onlyLineAbout(r, p);
            assertTrue(line.contains("104857600 bytes") && line.contains("limit of " + TextFiles.MAX_BYTES)
                    && line.contains("64 MiB"), line);
        }
        assertSeedChecked(out);
        assertTrue(ms < 10_000, "refusing took " + ms + " ms: was the file read?");
    }

    @Test
    void unreadableFilesAndFoldersAreReportedAndTheRestIsChecked() throws IOException {
        Assumptions.assumeFalse(readsEverything(tmp.resolve("probe")),
                "SKIPPED: running as " + System.getProperty("user.name") + ", who can read files without permission");
        Path dir = tmp.resolve("in");
        Path file = dir.resolve("secret.yaml");
        Path folder = dir.resolve("locked");
        Files.createDirectories(folder);
        Files.writeString(file, "host: secret\ncpuid:\n  - leaf: 0x1\n    ecx: 0x1\n");
        Files.writeString(folder.resolve("inside.yaml"), "host: inside\ncpuid:\n  - leaf: 0x1\n    ecx: 0x1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));
        try {
            Path out = tmp.resolve("out");
            Cli.Run r = check(out, dir.toString());
            assertEquals(3, r.code(), r::toString);
            Cli.assertCleanStderr(r);
            assertTrue(onlyLineAbout(r, file).contains("permission denied"), r::toString);
            assertTrue(onlyLineAbout(r, folder).contains("permission denied"), r::toString);
            assertSeedChecked(out);
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** A FIFO would block the run and /dev/zero never ends: only regular files are read, in folders and named directly. */
    @Test
    void filesThatNeverEndAreRefusedNotRead() throws Exception {
        Path dir = tmp.resolve("in/special");
        Files.createDirectories(dir);
        Path fifo = dir.resolve("fifo.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo not available");
        Path zero = dir.resolve("zero.yaml");
        Files.createSymbolicLink(zero, Path.of("/dev/zero"));
        Path out = tmp.resolve("out");
        Cli.Run r = check(out, dir.toString());
        assertEquals(3, r.code(), r::toString);
        Cli.assertCleanStderr(r);
        assertTrue(onlyLineAbout(r, fifo).endsWith(": not a regular file (a FIFO, socket or device is never read)"), r::toString);
        assertTrue(onlyLineAbout(r, zero).contains("not a regular file"), r::toString);
        assertSeedChecked(out);
        for (Path named : List.of(fifo, zero)) {
            Cli.Run direct = check(tmp.resolve("out-" + named.getFileName()), named.toString());
            assertEquals(3, direct.code(), direct::toString);
            assertTrue(onlyLineAbout(direct, named).contains("not a regular file"), direct::toString);
        }
        for (String[] cmd : new String[][] {{"explain", fifo.toString()}, {"import", zero.toString(), "--out", tmp.resolve("imp").toString()}}) {
            Cli.Run other = Cli.run(cmd);
            assertEquals(3, other.code(), other::toString);
            assertTrue(other.err().contains("not a regular file"), other::toString);
        }
    }

    /** 5,000 unknown keys give 21 lines, and a 5,000-character key is not quoted whole. */
    @Test
    void repeatedDiagnosticsAreCapped() throws IOException {
        StringBuilder yaml = new StringBuilder("host: many\ncluster: c\n");
        for (int i = 0; i < 5000; i++) {
            yaml.append("k").append(i).append(": 1\n");
        }
        yaml.append("x".repeat(5000)).append(": 1\ncpuid:\n  - leaf: 0x00000001\n    ecx: 0x1\n");
        Path file = tmp.resolve("in/many.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        Path out = tmp.resolve("out");
        Cli.Run r = check(out, file.toString());
        assertEquals(3, r.code(), r::toString);
        List<String> about = r.linesAbout(InputFiles.display(file));
        assertEquals(21, about.size(), r::toString);
        assertTrue(about.stream().anyMatch(l -> l.contains("4981 more problems in this file, not shown")), about::toString);
        assertTrue(about.stream().allMatch(l -> l.length() < 500), about::toString);
        assertSeedChecked(out);
    }

    /** A file whose name is not UTF-8 cannot be named again (reports, hashes): refused, the rest checked. */
    @Test
    void fileNamesThatAreNotUtf8AreRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in/names"));
        Process p = new ProcessBuilder("bash", "-c", "cp \"$1\" \"$2\"/$'bad\\xff.yaml'", "_",
                Path.of("profiles/seed/esx-a.yaml").toAbsolutePath().toString(), dir.toString()).start();
        Assumptions.assumeTrue(p.waitFor() == 0, "bash cannot make the file name");
        Cli.Run r = check(tmp.resolve("out"), dir.toString());
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains("file name is not printable UTF-8 text: rename the file"), r::toString);
        assertSeedChecked(tmp.resolve("out"));
    }

    /** A right-to-left override that arrives through a dump's file name, and a line separator in a description, are refused. */
    @Test
    void unprintableNamesFromEverySourceAreRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in/unprintable"));
        Path dump = dir.resolve("esx\u202Eb.vmware.txt");
        Files.copy(Path.of("src/test/resources/dumps/esx-a.vmware.txt"), dump);
        Path profile = dir.resolve("separator.yaml");
        Files.writeString(profile, "host: sep\ndescription: \"a\\Lb\"\ncpuid:\n  - leaf: 0x00000001\n    ecx: 0x1\n");
        Path out = tmp.resolve("out");
        Cli.Run r = check(out, dump.toString(), profile.toString());
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains("is not printable text (it holds U+202E)"), r::toString);
        assertTrue(onlyLineAbout(r, profile).contains("description must be printable text (it holds U+2028"), r::toString);
        assertFalse(r.err().contains("\u202E") || r.out().contains("\u202E"), "the override itself is never written");
        assertSeedChecked(out);
    }

    /** A profile 70 folders deep is an error naming the folder, never silently left out. */
    @Test
    void foldersDeeperThanTheLimitAreReported() throws IOException {
        Path deep = tmp.resolve("in/deep");
        for (int i = 0; i < 70; i++) {
            deep = deep.resolve("d");
        }
        Files.createDirectories(deep);
        Files.copy(Path.of("profiles/seed/esx-a.yaml"), deep.resolve("far.yaml"));
        Path out = tmp.resolve("out");
        Cli.Run r = check(out, tmp.resolve("in/deep").toString());
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains("folder nested more than 64 levels below"), r::toString);
        assertSeedChecked(out);
    }

    @Test
    void symbolicLinkLoopsAreReportedNotFollowedForever() throws IOException {
        Path dir = tmp.resolve("in/loop");
        Files.createDirectories(dir);
        Path link = dir.resolve("again");
        Files.createSymbolicLink(link, dir);
        Path self = tmp.resolve("in/self.yaml");
        Files.createSymbolicLink(self, self);
        Path out = tmp.resolve("out");
        Cli.Run r = check(out, tmp.resolve("in").toString());
        assertEquals(3, r.code(), r::toString);
        Cli.assertCleanStderr(r);
        assertTrue(onlyLineAbout(r, link).contains("symbolic link loop"), r::toString);
        assertTrue(onlyLineAbout(r, self).contains("symbolic link that leads to no file"), r::toString);
        Path dangling = tmp.resolve("in/dangling.yaml");
        Files.createSymbolicLink(dangling, tmp.resolve("nowhere.yaml"));
        Cli.Run again = check(tmp.resolve("out2"), dangling.getParent().toString());
        assertTrue(onlyLineAbout(again, dangling).contains("symbolic link that leads to no file"), again::toString);
        assertSeedChecked(out);
    }

    @Test
    void aliasBombIsRefusedQuicklyWithBoundedMemory() {
        // 30 levels of 10 aliases each: 10^30 nodes if expanded.
        StringBuilder bomb = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 30; i++) {
            bomb.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", Collections.nCopies(10, "*l" + (i - 1)))).append("]\n");
        }
        bomb.append("host: *l30\ncpuid: []\n");
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bytes0 = threads.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        ProfileParser.Result r = new ProfileParser().parse("bomb.yaml", bomb.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - bytes0;
        assertEquals(List.of(), r.hosts());
        assertEquals("bomb.yaml:1: anchor '&l0' refused: anchors and aliases are not allowed in inputs",
                r.errors().get(0).render());
        assertTrue(ms < 2_000, "took " + ms + " ms");
        assertTrue(allocated < 32L * 1024 * 1024, "allocated " + allocated + " bytes");
    }

    @Test
    void aliasWithoutAnAnchorInThatDocumentIsRefusedToo() {
        ProfileParser.Result r = new ProfileParser().parse("a.yaml", "host: x\ncpuid:\n  - *nowhere\n");
        assertEquals(1, r.errors().size(), r.errors()::toString);
        InputError e = r.errors().get(0);
        assertTrue(e.line() >= 1 && e.line() <= 3 && e.message().contains("nowhere"), e::render);
    }

    @Test
    void tagsInEveryYamlReaderInstantiateNothing() throws Exception {
        String tagged = "guest: !io.cpuidmask.trust.TagCanary x\nbits: 32\nmasks:\n  - !io.cpuidmask.trust.TagCanary\n"
                + "    leaf: 0x1\n";
        List<InputError> errors = new ArrayList<>();
        try {
            new CatalogLoader().parse("c.yaml", tagged, errors);
        } catch (YamlInputException e) {
            assertTrue(e.getMessage().contains("tag"), e.getMessage());
        }
        Path rules = tmp.resolve("rules");
        Files.createDirectories(rules.resolve("tests"));
        Files.copy(Path.of("rules/masking.drl"), rules.resolve("masking.drl"));
        Files.writeString(rules.resolve("policy.yaml"), "!io.cpuidmask.trust.TagCanary\ndisable: []\n");
        Files.writeString(rules.resolve("waivers.yaml"), "- !io.cpuidmask.trust.TagCanary\n  rule: x\n");
        Files.writeString(rules.resolve("tests/t.yaml"), "!io.cpuidmask.trust.TagCanary\nname: t\n");
        Cli.Run verify = Cli.run("rules", "verify", "--rules", rules.toString());
        assertEquals(3, verify.code(), verify::toString);
        Cli.Run check = check(tmp.resolve("out"), "--rules", rules.toString());
        assertEquals(3, check.code(), check::toString);
        Cli.assertCleanStderr(check);
        assertTrue(check.err().contains("policy.yaml:1: tag '!io.cpuidmask.trust.TagCanary' refused"), check::toString);
        assertTrue(check.err().contains("waivers.yaml:1: tag '!io.cpuidmask.trust.TagCanary' refused"), check::toString);
        assertNull(System.getProperty(TagCanary.PROPERTY), "a YAML tag loaded or instantiated a class");
    }

    @Test
    void badCatalogueAndRulesFoldersAreInputErrorsNotCrashes() throws IOException {
        Path out = tmp.resolve("out");
        Path notAFolder = tmp.resolve("file.yaml");
        Files.writeString(notAFolder, "guest: x\n");
        for (String[] args : List.of(new String[] {"--catalog", tmp.resolve("missing").toString()},
                new String[] {"--catalog", notAFolder.toString()},
                new String[] {"--catalog", tmp.resolve("empty-catalogues").toString()},
                new String[] {"--rules", tmp.resolve("missing").toString()},
                new String[] {"--rules", tmp.resolve("empty-rules").toString()})) {
            Files.createDirectories(tmp.resolve("empty-catalogues"));
            Files.createDirectories(tmp.resolve("empty-rules"));
            Cli.Run r = check(out, args);
            assertEquals(3, r.code(), () -> String.join(" ", args) + "\n" + r);
            Cli.assertCleanStderr(r);
            assertTrue(r.err().contains(InputFiles.display(Path.of(args[1])) + ": "), r::toString);
        }
    }

    @Test
    void usageErrorsExitTwoWithoutAStackTrace() throws IOException {
        for (String[] args : List.of(new String[] {"check", "--format", "pdf"}, new String[] {"check", "--out"},
                new String[] {"check", "--guest", "beos", good().toString()}, new String[] {"check", "--frobnicate"})) {
            Cli.Run r = Cli.run(args);
            assertEquals(2, r.code(), () -> String.join(" ", args) + "\n" + r);
            assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception"), r::toString);
        }
    }
}
