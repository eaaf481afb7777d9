package io.cpuidmask.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.cli.Main;
import io.cpuidmask.model.InputError;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SARIF as Microsoft's SARIF validator judges it: the real {@code sarif-multitool validate}
 * (npm {@code @microsoft/sarif-multitool}) over reports the command line writes, with the SARIF
 * rules and the GitHub code scanning rules ({@code --rule-kind Sarif;Gh}). No result of level
 * error or warning is allowed but the two that justified() explains. One validator run covers
 * every scenario; a control file with the old {@code "uri": "/abs/path"} must still be flagged
 * (SARIF1004), so that a validator that checks nothing cannot pass the test. Skips, saying so, where
 * the validator is not installed ({@code npm install -g @microsoft/sarif-multitool}).
 */
class SarifValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Turns off only SARIF2006 (every http(s) URI in the log must answer a GET): it would send a
     * request for the {@code $schema} address from the test run. The validator notes that a rule was
     * turned off (WRN999, a configuration notification, not a result).
     */
    private static final String CONFIG = """
            <?xml version="1.0" encoding="utf-8"?>
            <Properties>
              <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
                <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
              </Properties>
            </Properties>
            """;

    /** A folder name with non-ASCII letters, where file names can hold them (sun.jnu.encoding). */
    private static final String NON_ASCII = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"))
            .newEncoder().canEncode("Zürich ü") ? "Zürich ü" : "Zurich u";

    @TempDir
    static Path tmp;

    /** Scenario name to the SARIF file made for it. */
    private static final Map<String, Path> SARIF = new LinkedHashMap<>();
    private static Path control;
    private static JsonNode validation;

    /** Why every test skips, or null when the validator is there. */
    private static String missing;

    @BeforeAll
    static void renderAndValidate() throws Exception {
        // Each test assumes, not this method: Surefire counts an assumption here as no test at all, silently.
        Optional<Path> tool = validator();
        if (tool.isEmpty()) {
            missing = "SARIF validator not installed (npm install -g @microsoft/sarif-multitool@5.7.0):"
                    + " looked for sarif-multitool on PATH and in the global npm folder";
            return;
        }
        if (!Files.isExecutable(tool.get())) {
            missing = tool.get() + " is not executable (npm skipped its postinstall chmod)";
            return;
        }

        // Profiles under a path with a space, non-ASCII letters and a '#', one of them broken YAML.
        Path odd = Files.createDirectories(tmp.resolve("odd dir").resolve(NON_ASCII));
        for (String host : List.of("esx-a.yaml", "esx-b.yaml")) {
            Files.copy(Path.of("profiles/seed", host), odd.resolve(host));
        }
        Files.writeString(odd.resolve("broken #1.yaml"), "host: x\ncpuid:\n  - leaf: [\n");
        // A site folder with an active waiver (a suppressed result) and an expired one (waiver-expired).
        Path site = Files.createDirectories(tmp.resolve("site rules"));
        Files.writeString(site.resolve("waivers.yaml"), """
                waivers:
                  - rule: hidden-user-mode-feature
                    cluster: seed
                    feature: SSE3
                    reason: "vendor app pinned to SSE2 paths, ticket OPS-1234"
                    expires: 2999-12-31
                  - rule: register-not-compared
                    cluster: seed
                    reason: accepted until the hardware refresh
                    expires: 2020-06-30
                """);
        Path here = Path.of("").toAbsolutePath();

        check("relative", "profiles");
        check("absolute", Path.of("profiles/seed").toAbsolutePath().toString());
        check("odd-relative", here.relativize(odd.getParent()).toString(), "--site", here.relativize(site).toString());
        check("odd-absolute", odd.getParent().toString(), tmp.resolve("no such folder").toString(),
                "--site", site.toString());
        SARIF.put("other-systems", otherSystems());
        SARIF.put("waived", written("waived", ReportFixtures.waived()));
        // The control: what the renderer wrote before absolute paths became file URIs.
        control = tmp.resolve("control.sarif");
        Files.writeString(control, Files.readString(SARIF.get("absolute")).replace("\"uri\" : \"file://", "\"uri\" : \""));

        List<Path> files = new ArrayList<>(SARIF.values());
        files.add(control);
        validation = validate(tool.get(), files);
    }

    /** Runs {@code check} in-process as the command line does and returns its report.sarif. */
    private static void check(String name, String... args) {
        Path out = tmp.resolve("out-" + name);
        List<String> argv = new ArrayList<>(List.of("check"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--format", "sarif", "--out", out.toString(), "--quiet"));
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), argv.toArray(String[]::new));
        assertTrue(code == 0 || code == 1 || code == 3, () -> name + ": exit " + code + "\n" + stderr);
        Path sarif = out.resolve("report.sarif");
        assertTrue(Files.isRegularFile(sarif), () -> name + ": no report.sarif\n" + stderr);
        SARIF.put(name, sarif);
    }

    /**
     * Paths this machine cannot give the command line: a Windows drive path, a UNC share and a
     * relative path whose first segment holds a colon, as input errors beside the seed's findings.
     */
    private static Path otherSystems() throws Exception {
        Report r = new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC()).run(new CheckRequest(
                List.of(Path.of("profiles/seed")), List.of("windows"), List.of(Path.of("rules")), Path.of("rules/masks")));
        List<InputError> errors = List.of(
                new InputError("C:/Users/Ops Team/hosts/esx ü.yaml", 3, "malformed YAML"),
                new InputError("//filer/share/hosts/esx-a.yaml", 1, "malformed YAML"),
                new InputError("lab:2/esx.yaml", 2, "malformed YAML"));
        return written("other-systems", new Report(r.toolVersion(), r.generatedAt(), r.rulesSha256(), r.ruleFiles(),
                r.rules(), r.inputs(), r.clusters(), errors, r.inputWarnings()));
    }

    /** A report as the command line writes its report.sarif, into {@code NAME.sarif}. */
    private static Path written(String name, Report report) throws IOException {
        Path file = tmp.resolve(name + ".sarif");
        try (Writer w = SafeText.filter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            new SarifReportRenderer().render(report, w);
        }
        return file;
    }

    @Test
    void validatorAnalysedEveryFileAsWritten() throws Exception {
        assumeTrue(missing == null, missing);
        JsonNode run = validation.get("runs").get(0);
        for (JsonNode invocation : run.path("invocations")) {
            assertTrue(invocation.path("executionSuccessful").asBoolean(), () -> "validator run failed: " + invocation);
        }
        Map<Path, String> analysed = new LinkedHashMap<>();
        for (JsonNode a : run.path("artifacts")) {
            analysed.put(Path.of(URI.create(a.get("location").get("uri").asText())),
                    a.path("hashes").path("sha-256").asText().toLowerCase(Locale.ROOT));
        }
        List<Path> files = new ArrayList<>(SARIF.values());
        files.add(control);
        for (Path f : files) {
            assertEquals(sha256(f), analysed.get(f.toAbsolutePath()), () -> f + " not analysed as written; analysed: " + analysed);
        }
    }

    @Test
    void validatorStillFlagsTheOldAbsolutePaths() {
        assumeTrue(missing == null, missing);
        List<JsonNode> flagged = results(control).stream()
                .filter(r -> r.get("ruleId").asText().equals("SARIF1004") && level(r).equals("error")).toList();
        assertTrue(!flagged.isEmpty(), "the control file with \"uri\": \"/...\" should be SARIF1004 errors: " + results(control));
    }

    @Test
    void noErrorOrWarningButTheJustifiedOnes() throws IOException {
        assumeTrue(missing == null, missing);
        List<String> problems = new ArrayList<>();
        for (String scenario : SARIF.keySet()) {
            problems.addAll(problems(scenario));
        }
        String shown = String.join("\n", problems.subList(0, Math.min(problems.size(), 30)))
                + (problems.size() > 30 ? "\n... and " + (problems.size() - 30) + " more" : "");
        assertEquals("", shown, "SARIF validator results (scenario: level rule message)");
    }

    @Test
    void scenariosHoldWhatTheyAreFor() throws IOException {
        assumeTrue(missing == null, missing);
        assertTrue(Files.readString(SARIF.get("absolute")).contains("\"uri\" : \"file:///"), "absolute paths as file URIs");
        String odd = Files.readString(SARIF.get("odd-relative"));
        assertTrue(odd.contains("\"uri\" : \"../"), "a relative path that climbs");
        String encoded = NON_ASCII.equals("Zürich ü") ? "Z%C3%BCrich%20%C3%BC" : "Zurich%20u";
        assertTrue(odd.contains("odd%20dir/" + encoded + "/broken%20%231.yaml"), "percent-encoded UTF-8");
        assertTrue(odd.contains("\"suppressions\""), "a waived finding");
        assertTrue(odd.contains("\"ruleId\" : \"waiver-expired\""), "an expired waiver");
        assertTrue(odd.contains("\"ruleId\" : \"input-error\""), "an input error");
        assertTrue(Files.readString(SARIF.get("odd-absolute")).contains("no%20such%20folder\""), "an input error without a line");
        String other = Files.readString(SARIF.get("other-systems"));
        for (String uri : List.of("file:///C:/Users/Ops%20Team/hosts/esx%20%C3%BC.yaml", "file://filer/share/hosts/esx-a.yaml",
                "lab%3A2/esx.yaml")) {
            assertTrue(other.contains("\"uri\" : \"" + uri + "\""), uri);
        }
    }

    /**
     * Waived findings (ReportFixtures' waived scenario) as suppressions the validator accepts: every
     * active waiver a suppression of kind external, none on the findings that count.
     */
    @Test
    void waivedFindingsAreSuppressionsTheValidatorAccepts() throws IOException {
        assumeTrue(missing == null, missing);
        JsonNode results = JSON.readTree(SARIF.get("waived").toFile()).get("runs").get(0).get("results");
        long waived = ReportFixtures.waived().countWaived();
        List<JsonNode> suppressed = new ArrayList<>();
        results.forEach(r -> {
            if (r.has("suppressions")) {
                suppressed.add(r);
            }
        });
        assertEquals(waived, suppressed.size(), "one suppressed result per waived finding");
        assertTrue(suppressed.size() < results.size(), "findings that count are not suppressed");
        suppressed.forEach(r -> assertEquals("external", r.get("suppressions").get(0).get("kind").asText(), r::toString));
        assertEquals(List.of(), problems("waived"), "SARIF validator results on the waived scenario");
    }

    /** The validator's results of level error or warning on one scenario's file, but the justified ones. */
    private static List<String> problems(String scenario) throws IOException {
        Path file = SARIF.get(scenario);
        JsonNode ours = JSON.readTree(file.toFile());
        List<String> problems = new ArrayList<>();
        for (JsonNode r : results(file)) {
            String level = level(r);
            if ((level.equals("error") || level.equals("warning")) && !justified(r, ours)) {
                problems.add(scenario + ": " + level + " " + r.get("ruleId").asText() + " " + r.path("message"));
            }
        }
        return problems;
    }

    /**
     * The warnings left alone, each for a reason:
     * <ul>
     * <li>SARIF2005 (the tool has no {@code informationUri}): cpuidmask has no public home page, and a
     * made-up address would send readers nowhere.</li>
     * <li>SARIF2017 (a location without a region), for an input error without a line only: the
     * problem is the whole path (missing, unreadable, a folder); SARIF 2.1.0 reads a physical
     * location without a region as the whole artifact, and a line 1 would point at a line that does
     * not exist or is not the problem.</li>
     * </ul>
     */
    private static boolean justified(JsonNode r, JsonNode ours) {
        String rule = r.get("ruleId").asText();
        if (rule.equals("SARIF2005")) {
            return r.path("message").path("arguments").toString().contains("runs[0].tool.driver");
        }
        if (rule.equals("SARIF2017")) {
            Matcher m = Pattern.compile("^runs\\[0]\\.results\\[(\\d+)]\\.locations\\[0]\\.physicalLocation$")
                    .matcher(r.path("message").path("arguments").path(0).asText());
            if (m.matches()) {
                JsonNode result = ours.get("runs").get(0).get("results").get(Integer.parseInt(m.group(1)));
                return result.get("ruleId").asText().equals(SarifReportRenderer.INPUT_RULE)
                        && result.get("locations").get(0).get("physicalLocation").get("region") == null;
            }
        }
        return false;
    }

    /** The validator's results about one of the files. */
    private static List<JsonNode> results(Path file) {
        List<JsonNode> list = new ArrayList<>();
        for (JsonNode r : validation.get("runs").get(0).path("results")) {
            String uri = r.path("locations").path(0).path("physicalLocation").path("artifactLocation").path("uri").asText();
            Path p = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
            if (p.toAbsolutePath().equals(file.toAbsolutePath())) {
                list.add(r);
            }
        }
        return list;
    }

    /** A result's level as SARIF defines it: its own, else its rule's default, else warning. */
    private static String level(JsonNode result) {
        if (result.hasNonNull("level")) {
            return result.get("level").asText();
        }
        JsonNode rules = validation.get("runs").get(0).get("tool").get("driver").path("rules");
        for (JsonNode rule : rules) {
            if (rule.path("id").asText().equals(result.get("ruleId").asText())) {
                return rule.path("defaultConfiguration").path("level").asText("warning");
            }
        }
        return "warning";
    }

    /**
     * Runs the validator's own program, not npm's {@code sarif-multitool} script: that script hands
     * its arguments to a shell, which would split {@code Sarif;Gh} and paths with spaces. Globalization
     * invariant mode lets it start on a machine without libicu (it aborts there otherwise).
     */
    private static JsonNode validate(Path tool, List<Path> files) throws Exception {
        Path config = tmp.resolve("validator-config.xml");
        Files.writeString(config, CONFIG);
        Path out = tmp.resolve("validation.sarif");
        Path console = tmp.resolve("validator-console.txt");
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), "validate"));
        files.forEach(f -> cmd.add(f.toAbsolutePath().toString()));
        cmd.addAll(List.of("--output", out.toString(), "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh",
                "--level", "Error;Warning", "--insert", "Hashes", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile());
        pb.environment().put("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1");
        pb.environment().put("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("SARIF validator still running after 300 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), () -> "SARIF validator failed:\n" + read(console));
        assertTrue(Files.isRegularFile(out), () -> "SARIF validator wrote no log:\n" + read(console));
        return JSON.readTree(out.toFile());
    }

    /**
     * The validator's program inside npm's package: found from {@code sarif-multitool} on PATH (a
     * link to the package's script) or from the global npm folder ({@code npm root -g}). The
     * program is in the platform package, nested in the main one or beside it.
     */
    static Optional<Path> validator() {
        List<Path> packages = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("sarif-multitool", "sarif-multitool.cmd")) {
                Path script = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(script)) {
                    try {
                        packages.add(script.toRealPath().getParent());
                    } catch (IOException ignored) {
                        // a dangling link: look further
                    }
                }
            }
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String platform = os.contains("win") ? "win32" : os.contains("mac") ? "darwin" : "linux";
        String program = platform.equals("win32") ? "Sarif.Multitool.exe" : "Sarif.Multitool";
        String platformPackage = "sarif-multitool-" + platform;
        Optional<Path> found = programIn(packages, platformPackage, program);
        if (found.isEmpty()) {
            found = npmGlobalRoot().flatMap(root -> programIn(List.of(root.resolve("@microsoft/sarif-multitool")),
                    platformPackage, program));
        }
        return found;
    }

    private static Optional<Path> programIn(List<Path> packages, String platformPackage, String program) {
        return packages.stream()
                .flatMap(p -> Stream.of(p.resolve("node_modules/@microsoft").resolve(platformPackage).resolve(program),
                        p.resolveSibling(platformPackage).resolve(program)))
                .filter(Files::isRegularFile).findFirst();
    }

    private static Optional<Path> npmGlobalRoot() {
        try {
            Process p = new ProcessBuilder("npm", "root", "-g").redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String root = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 && !root.isEmpty() ? Optional.of(Path.of(root)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no npm
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
