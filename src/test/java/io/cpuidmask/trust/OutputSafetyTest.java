package io.cpuidmask.trust;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.report.JsonReportRenderer;
import io.cpuidmask.report.Report;
import io.cpuidmask.report.ReportRenderer;
import io.cpuidmask.report.ReportWriter;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reports land only under --out, atomically; inputs are never written. */
class OutputSafetyTest {

    private static final String[] ALL_FORMATS = {"--format", "text", "--format", "json", "--format", "md",
        "--format", "html", "--format", "junit", "--format", "sarif"};

    @TempDir
    Path tmp;

    /** Every file under the folder with its SHA-256 and modification time. */
    private static Map<Path, String> snapshot(Path dir) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(p, ProfileLoader.sha256(Files.readAllBytes(p)) + " " + Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    private static String[] args(Path in, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("check", in.toString(), "--guest", "windows", "--out", out.toString()));
        a.addAll(List.of(ALL_FORMATS));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void hostAndClusterNamesThatLookLikePathsWriteNothingOutsideOut() throws IOException {
        Path in = tmp.resolve("work/in");
        Files.createDirectories(in);
        String[][] names = {{"../../etc/passwd", "../../../../tmp/evil"}, {"/etc/cron.d/x", "/tmp/abs"},
            {"..\\\\..\\\\windows\\\\system32", "C:\\\\evil"}, {"report.json", "../report"}};
        for (int i = 0; i < names.length; i++) {
            Files.writeString(in.resolve("h" + i + ".yaml"), "host: \"" + names[i][0] + "\"\ncluster: \"" + names[i][1]
                    + "\"\ncpuid:\n  - leaf: 0x1\n    ecx: 0x" + Integer.toHexString(0x641d + i) + "\n");
        }
        Files.copy(Path.of("src/test/resources/dumps/esx-b.vmware.txt"), in.resolve("..%2f..%2fetc.vmware.txt"));
        Map<Path, String> before = snapshot(tmp);
        Path out = tmp.resolve("work/out");
        Cli.Run r = Cli.run(args(in, out));
        assertTrue(r.code() == 0 || r.code() == 1, r::toString);
        Map<Path, String> after = snapshot(tmp);
        after.keySet().removeAll(before.keySet());
        assertEquals(List.of("report.html", "report.json", "report.junit.xml", "report.md", "report.sarif"),
                after.keySet().stream().map(p -> out.relativize(p).toString()).sorted().toList(),
                "only the five reports, directly under --out");
        assertEquals(before, snapshot(tmp).entrySet().stream().filter(e -> before.containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new)),
                "inputs unchanged");
    }

    @Test
    void inputFilesAreNeverModifiedEvenWhenBad() throws IOException {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        try (Stream<Path> s = Files.walk(HostileCorpusTest.CORPUS)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".drl")).toList()) {
                Path target = in.resolve(HostileCorpusTest.CORPUS.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
        Files.copy(Path.of("profiles/seed/esx-a.yaml"), in.resolve("esx-a.yaml"));
        Map<Path, String> before = snapshot(in);
        Cli.Run r = Cli.run(args(in, tmp.resolve("out")));
        assertEquals(3, r.code(), r::toString);
        assertEquals(before, snapshot(in));
    }

    @Test
    void aRendererThatFailsHalfwayLeavesThePreviousReportAndNoTemporaryFile() throws Exception {
        Path out = tmp.resolve("out");
        Report report = new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC()).run(new CheckRequest(
                List.of(Path.of("profiles/seed")), List.of("windows"), List.of(Path.of("rules")), Path.of("rules/masks")));
        ReportWriter.write(out, new JsonReportRenderer(), report);
        String previous = Files.readString(out.resolve("report.json"));
        ReportRenderer failing = new ReportRenderer() {
            @Override
            public String format() {
                return "json";
            }

            @Override
            public String fileName() {
                return "report.json";
            }

            @Override
            public void render(Report r, Writer w) throws IOException {
                w.write("{\"half\": ");
                w.flush();
                throw new IOException("disk full (simulated)");
            }
        };
        assertThrows(IOException.class, () -> ReportWriter.write(out, failing, report));
        assertEquals(previous, Files.readString(out.resolve("report.json")));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("report.json"), s.map(p -> p.getFileName().toString()).toList(), "temporary file left");
        }
    }

    @Test
    void anUnwritableReportIsExitThreeWithAMessageAndTheOtherReportsAreStillWritten() throws IOException {
        Path out = tmp.resolve("out");
        // A non-empty folder where report.json should go: no rename can replace it, even as root.
        Files.createDirectories(out.resolve("report.json/keep"));
        Cli.Run r = Cli.run("check", "profiles/seed", "--guest", "windows", "--out", out.toString(),
                "--format", "json", "--format", "md");
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains("cannot write report.json"), r::toString);
        assertTrue(Files.size(out.resolve("report.md")) > 0);
        Cli.assertCleanStderr(r);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(2, s.count(), "no temporary file left");
        }
    }

    @Test
    void outThatIsAFileIsExitThreeWithAMessage() throws IOException {
        Path file = tmp.resolve("taken");
        Files.writeString(file, "keep me");
        Cli.Run r = Cli.run("check", "profiles/seed", "--guest", "windows", "--out", file.toString(), "--format", "json");
        assertEquals(3, r.code(), r::toString);
        assertEquals(file + ": cannot write the reports here: it is a file, not a folder\n", r.err(), r::toString);
        Cli.assertCleanStderr(r);
        assertEquals("keep me", Files.readString(file));
    }
}
