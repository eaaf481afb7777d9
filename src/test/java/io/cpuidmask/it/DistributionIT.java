package io.cpuidmask.it;

import io.cpuidmask.cli.Main;
import io.cpuidmask.files.Sha256;
import io.cpuidmask.model.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution as mvn package leaves it: target/cpuidmask-VERSION/ with bin/cpuidmask run
 * from another working folder (nothing is unpacked), its man pages, its shell completion, the
 * .tar.gz and .zip beside it; and java -jar target/cpuidmask.jar, which stays one JVM.
 */
class DistributionIT {

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Path DIST = Path.of(System.getProperty("cpuidmask.dist",
            "target/cpuidmask-" + Version.get())).toAbsolutePath();
    private static final Path LAUNCHER = DIST.resolve("bin/cpuidmask");
    private static final Path JAR = REPO.resolve("target/cpuidmask.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    @BeforeEach
    void built() {
        assertTrue(Files.isRegularFile(LAUNCHER), "run after mvn package: " + LAUNCHER);
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no POSIX shell to run bin/cpuidmask");
    }

    private Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        return run(command, env, null);
    }

    /** Runs a command in the temporary folder, with a cache of its own and none of the user's JVM options. */
    private Run run(List<String> command, Map<String, String> env, Set<String> children)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> e = pb.environment();
        List.of("CPUIDMASK_JAVA_OPTS", "CPUIDMASK_ARCHIVE", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")
                .forEach(e::remove);
        e.put("JAVA_HOME", System.getProperty("java.home"));
        e.put("CPUIDMASK_CACHE", dir.resolve("cache").toString());
        e.putAll(env);
        Process p = pb.start();
        if (children != null) {
            // Every process below it, for as long as it runs (polled: a second JVM lives for most of a run).
            while (!p.waitFor(2, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(d -> children.add(d.info().command().orElse("pid " + d.pid())));
                p.toHandle().info().command().ifPresent(c -> children.add("self " + c));
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running: " + command);
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private List<String> launcher(String... args) {
        List<String> c = new ArrayList<>(List.of(LAUNCHER.toString()));
        c.addAll(List.of(args));
        return c;
    }

    /** check of the seed with every path absolute: the rules and catalogues of this repository. */
    private String[] seedCheck() {
        return new String[] {"check", REPO.resolve("profiles/seed").toString(),
            "--rules", REPO.resolve("rules").toString(), "--catalog", REPO.resolve("rules/masks").toString(),
            "--format", "text", "--out", dir.resolve("reports").toString()};
    }

    @Test
    void theLauncherRunsFromAnyFolder() throws Exception {
        Run version = run(launcher("--version"), Map.of());
        assertEquals(0, version.code(), version.err());
        assertEquals("cpuidmask " + Version.get() + "\n", version.out());
        assertEquals("", version.err(), "nothing from the JVM or the class-data archive");

        Run help = run(launcher("--help"), Map.of());
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("Usage: cpuidmask "), help.out());
        assertTrue(help.out().contains("\n  check ") && help.out().contains("\nExit codes:\n"), help.out());

        Run check = run(launcher(seedCheck()), Map.of());
        assertEquals(1, check.code(), check.err()); // the seed FAILs for 64-bit guests
        assertTrue(check.out().startsWith("seed: 2 hosts, GenuineIntel (esx-a.lab, esx-b.lab)\n"), check.out());
        assertTrue(check.out().matches("(?s).*\n  windows +RISKY .*hides SSE3, DTES64, DS_CPL\n.*"), check.out());
        assertFalse(Files.exists(dir.resolve("reports/report.json")), "--format text writes no report file");

        // The packaged policy, wherever the command runs.
        Run shipped = run(launcher("check", REPO.resolve("profiles/seed").toString(), "--format", "text",
                "--out", dir.resolve("reports").toString()), Map.of());
        assertEquals(1, shipped.code(), shipped.err());
        assertTrue(shipped.out().contains("\nrules: shipped:cpuidmask-" + Version.get() + " sha256 "), shipped.out());

        // The same as one JVM of the plain jar: arguments, output and exit code pass through unchanged.
        List<String> plain = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        plain.addAll(List.of(seedCheck()));
        Run oneJvm = run(plain, Map.of());
        assertEquals(List.of(oneJvm.code(), oneJvm.out(), oneJvm.err()), List.of(check.code(), check.out(), check.err()));

        Run usage = run(launcher("check", "--no-such-option"), Map.of());
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("Unknown option: '--no-such-option'"), usage.err());
        Run missing = run(launcher("check", dir.resolve("no such folder").toString(), "--format", "text"), Map.of());
        assertEquals(3, missing.code(), missing.err());
        assertTrue(missing.err().contains("no such file or folder"), missing.err());
    }

    @Test
    void theLauncherFindsItsInstallationThroughSymbolicLinks() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("cpuidmask"), LAUNCHER);
        Files.createSymbolicLink(bin.resolve("cm"), Path.of("cpuidmask")); // a relative link to the link
        for (String name : List.of("cpuidmask", "cm")) {
            Run r = run(List.of(bin.resolve(name).toString(), "--version"), Map.of());
            assertEquals(0, r.code(), r.err());
            assertEquals("cpuidmask " + Version.get() + "\n", r.out());
        }
        Run onPath = run(List.of("/bin/sh", "-c", "cm --version"), Map.of("PATH", bin + ":" + System.getenv("PATH")));
        assertEquals(0, onPath.code(), onPath.err());
        assertEquals("cpuidmask " + Version.get() + "\n", onPath.out());
    }

    @Test
    void theLauncherHonoursJavaHomeAndItsJavaOptions() throws Exception {
        Run opts = run(launcher("--version"), Map.of("CPUIDMASK_JAVA_OPTS", "-Dunused=1 -XX:+PrintFlagsFinal"));
        assertEquals(0, opts.code(), opts.err());
        assertTrue(opts.out().contains("TieredStopAtLevel"), "the options reached the JVM");
        Run noJava = run(launcher("--version"), Map.of("JAVA_HOME", dir.resolve("no-java").toString()));
        assertEquals(127, noJava.code());
        assertTrue(noJava.err().startsWith("cpuidmask: JAVA_HOME is "), noJava.err());
    }

    /**
     * Short runs (inputs under 32 MiB) get the quick JIT compiler alone and the serial collector;
     * bigger inputs the JVM's defaults. Reports are not input; estate writes big outputs.
     */
    @Test
    void shortRunsGetTheQuickCompilerAndTheSerialCollector() throws Exception {
        Path big = Files.createDirectories(dir.resolve("big"));
        byte[] mib = new byte[1 << 20];
        Arrays.fill(mib, (byte) '#');
        try (var o = Files.newOutputStream(big.resolve("hosts.yaml"))) {
            for (int i = 0; i < 33; i++) {
                o.write(mib);
            }
        }
        List<String> shortRun = List.of("1", "true");
        List<String> longRun = List.of("4", "false");
        assertEquals(shortRun, jit(launcher("--version")));
        assertEquals(shortRun, jit(launcher("check", "--help")));
        assertEquals(shortRun, jit(launcher("check", REPO.resolve("profiles").toString(), "--help")));
        assertEquals(longRun, jit(launcher("check", big.toString(), "--help")));
        assertEquals(longRun, jit(launcher("explain", "big", "--help")));
        assertEquals(shortRun, jit(launcher("check", "--out", "big", "--help")), "reports are not input");
        assertEquals(longRun, jit(launcher("--debug", "check", "big", "--help")), "options before the command");
        assertEquals(longRun, jit(launcher("estate", "--help")));
        assertEquals(List.of("4", "true"), jit(launcher("--version"), "-XX:TieredStopAtLevel=4"), "the user's options win");
        assertEquals(List.of("1", "false"), jit(launcher("--version"), "-XX:+UseParallelGC"),
                "a collector of the user's: no second one, which would stop the JVM");
        Files.createLink(dir.resolve("check"), big.resolve("hosts.yaml"));
        assertEquals(shortRun, jit(launcher("check", "--help")), "the command's own word is not a path");
    }

    /** TieredStopAtLevel and UseSerialGC of the JVM that runs the command. */
    private List<String> jit(List<String> command, String... more) throws Exception {
        Run r = run(command, Map.of("CPUIDMASK_JAVA_OPTS", String.join(" ", more) + " -XX:+PrintFlagsFinal"));
        assertEquals(0, r.code(), r.err());
        return List.of(flag(r.out(), "TieredStopAtLevel"), flag(r.out(), "UseSerialGC"));
    }

    private static String flag(String flags, String name) {
        return flags.lines().filter(l -> l.matches("\\s*\\w+ " + name + "\\s+=.*"))
                .map(l -> l.replaceAll(".*=\\s*(\\S+).*", "$1")).findFirst().orElseThrow();
    }

    private static boolean hotSpotWithSharing() {
        String vm = System.getProperty("java.vm.name", "");
        return (vm.contains("HotSpot") || vm.contains("Server VM")) && System.getProperty("java.vm.info", "").contains("sharing");
    }

    /** Where the JVM of a run loaded Main from, by its class-loading log. */
    private String mainSource(Path home, Map<String, String> env) throws Exception {
        Path log = dir.resolve("classes-" + System.nanoTime() + ".txt");
        Map<String, String> e = new TreeMap<>(env);
        e.put("CPUIDMASK_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        Run r = run(List.of(home.resolve("bin/cpuidmask").toString(), "--version"), e);
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "silent whether or not the archive is used");
        return Files.readAllLines(log).stream().filter(l -> l.contains(" io.cpuidmask.cli.Main ")).findFirst().orElseThrow();
    }

    @Test
    void theClassDataArchiveIsUsedWhereItWasMadeAndNowhereElse() throws Exception {
        Assumptions.assumeTrue(hotSpotWithSharing(), "not HotSpot with class-data sharing");
        Assumptions.assumeTrue(Files.isRegularFile(DIST.resolve("lib/cpuidmask.jsa")), "no archive: built on a system without sh");
        assertTrue(mainSource(DIST, Map.of()).contains("shared objects file (top)"), "mapped from lib/cpuidmask.jsa");
        assertFalse(mainSource(DIST, Map.of("CPUIDMASK_ARCHIVE", "off")).contains("shared objects file"));

        // A copy elsewhere: the archive names the jar's old path, so it is left alone, quietly.
        Path copy = dir.resolve("elsewhere");
        copyTree(DIST, copy);
        assertFalse(mainSource(copy, Map.of()).contains("shared objects file"));
        // Even told it was made there, the JVM refuses it, quietly.
        Path id = copy.resolve("lib/cpuidmask.jsa.id");
        String made = Files.readString(id);
        Files.writeString(id, made.replace("home=" + DIST, "home=" + copy.toRealPath()));
        assertFalse(mainSource(copy, Map.of()).contains("shared objects file"));

        // CPUIDMASK_ARCHIVE=build makes one for the copy, from the command it runs.
        Run build = run(List.of(copy.resolve("bin/cpuidmask").toString(), "--help"), Map.of("CPUIDMASK_ARCHIVE", "build"));
        assertEquals(0, build.code(), build.err());
        assertTrue(build.err().contains("cpuidmask: wrote " + copy.toRealPath().resolve("lib/cpuidmask.jsa")), build.err());
        assertEquals(made.replace("home=" + DIST, "home=" + copy.toRealPath()), Files.readString(id));
        assertTrue(mainSource(copy, Map.of()).contains("shared objects file (top)"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void javaJarIsOneJvmAndTheLauncherBecomesItsJvm() throws Exception {
        List<String> plain = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        plain.addAll(List.of(seedCheck()));
        Set<String> seen = new TreeSet<>();
        Run r = run(plain, Map.of(), seen);
        assertEquals(1, r.code(), r.err());
        assertEquals(List.of(), seen.stream().filter(c -> !c.startsWith("self ")).toList(), "no child process");

        Set<String> viaLauncher = new TreeSet<>();
        Run l = run(launcher(seedCheck()), Map.of(), viaLauncher);
        assertEquals(1, l.code(), l.err());
        assertEquals(List.of(), viaLauncher.stream().filter(c -> !c.startsWith("self ") && c.endsWith("/java")).toList(),
                "no second JVM: " + viaLauncher);
        assertTrue(viaLauncher.stream().anyMatch(c -> c.startsWith("self ") && c.endsWith("/java")),
                "the launcher's own process becomes the JVM (exec): " + viaLauncher);
    }

    /** The man pages: one per command of the picocli model, each rendered by man without a warning. */
    @Test
    void everyCommandHasAManPageThatManRenders() throws Exception {
        Set<String> expected = new TreeSet<>();
        pages(new CommandLine(new Main()), "cpuidmask", expected);
        Set<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.list(DIST.resolve("man/man1"))) {
            s.forEach(p -> present.add(p.getFileName().toString()));
        }
        assertEquals(expected, present);
        Assumptions.assumeTrue(onPath("man"), "man is not installed (Debian man-db): pages not rendered");
        for (String page : present) {
            Run r = run(List.of("man", "--warnings", "-l", DIST.resolve("man/man1").resolve(page).toString()),
                    Map.of("MANWIDTH", "80", "MANPAGER", "cat", "PAGER", "cat", "LC_ALL", "C.UTF-8"));
            assertEquals(0, r.code(), page + ": " + r.err());
            assertEquals("", r.err(), page + ": warnings");
            String name = page.substring(0, page.length() - ".1".length());
            assertTrue(r.out().contains("NAME") && r.out().contains(name + " - ") && r.out().contains("SYNOPSIS"),
                    page + ":\n" + r.out());
        }
    }

    private static void pages(CommandLine cl, String name, Set<String> into) {
        if (!cl.getCommandSpec().usageMessage().hidden()) {
            into.add(name + ".1");
        }
        cl.getSubcommands().forEach((sub, c) -> {
            if (c.getCommandName().equals(sub)) { // not an alias
                pages(c, name + "-" + sub, into);
            }
        });
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }

    @Test
    void bashCompletesCommandsAndOptions() throws Exception {
        Assumptions.assumeTrue(onPath("bash"), "no bash");
        Path script = DIST.resolve("completion/cpuidmask.bash");
        String complete = String.join("\n",
                "source '" + script + "'",
                "complete -p cpuidmask",
                "compopt() { :; }", // outside a real completion, bash refuses compopt
                "ask() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE};",
                "  COMPREPLY=(); _complete_cpuidmask cpuidmask \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\";",
                "  echo \"$* -> ${COMPREPLY[*]}\"; }",
                "ask cpuidmask ch",
                "ask cpuidmask check --fo",
                "ask cpuidmask rules v");
        Run r = run(List.of("bash", "--norc", "--noprofile", "-c", complete), Map.of());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("complete -o default -F _complete_cpuidmask cpuidmask",
                "cpuidmask ch -> check", "cpuidmask check --fo -> --format", "cpuidmask rules v -> verify"),
                r.out().lines().toList(), r.err());
    }

    @Test
    void zshLoadsTheCompletionThroughBashcompinit() throws Exception {
        Assumptions.assumeTrue(onPath("zsh"), "zsh is not installed: its completion not tried");
        Path script = DIST.resolve("completion/cpuidmask.bash");
        Files.createDirectories(dir.resolve("home"));
        Run r = run(List.of("zsh", "-f", "-c", "source '" + script + "' && print -r -- $_comps[cpuidmask]"),
                Map.of("HOME", dir.resolve("home").toString()));
        assertEquals(0, r.code(), r.err());
        assertEquals("_bash_complete -F _complete_cpuidmask -o default\n", r.out(), r.err());
    }

    @Test
    void theTarGzTheZipAndTheFolderHoldTheSameFiles() throws Exception {
        String top = DIST.getFileName() + "/";
        Map<String, String> folder = new TreeMap<>();
        try (Stream<Path> s = Files.walk(DIST)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                folder.put(top + DIST.relativize(p).toString().replace('\\', '/'), sha256(Files.readAllBytes(p)));
            }
        }
        Map<String, String> zip = new TreeMap<>();
        try (ZipFile z = new ZipFile(DIST.resolveSibling(DIST.getFileName() + ".zip").toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                if (!e.isDirectory()) {
                    try (InputStream in = z.getInputStream(e)) {
                        zip.put(e.getName(), sha256(in.readAllBytes()));
                    }
                }
            }
        }
        Map<String, String> modes = new TreeMap<>();
        Map<String, String> tar = readTarGz(DIST.resolveSibling(DIST.getFileName() + ".tar.gz"), modes);
        assertEquals(folder, tar, "the .tar.gz holds the folder");
        assertEquals(folder, zip, "the .zip holds the folder");
        assertEquals("755", modes.get(top + "bin/cpuidmask"));
        assertEquals("644", modes.get(top + "lib/cpuidmask.jar"));
        for (String needed : List.of("bin/cpuidmask", "lib/cpuidmask.jar", "man/man1/cpuidmask.1",
                "man/man1/cpuidmask-check.1", "completion/cpuidmask.bash", "LICENSE", "NOTICE",
                "licenses/LGPL-2.1.txt", "licenses/Apache-2.0.txt")) {
            assertTrue(folder.containsKey(top + needed), needed);
        }
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertTrue(Files.getPosixFilePermissions(LAUNCHER).contains(PosixFilePermission.OTHERS_EXECUTE));
        }
    }

    /** A ustar/pax reader, enough for what the assembly plugin writes: name to SHA-256, name to mode. */
    private static Map<String, String> readTarGz(Path file, Map<String, String> modes) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            String paxPath = null;
            while (true) {
                byte[] h = in.readNBytes(512);
                if (h.length < 512 || h[0] == 0) {
                    break;
                }
                String name = field(h, 0, 100);
                String prefix = field(h, 345, 155);
                long size = Long.parseLong(field(h, 124, 12).trim(), 8);
                String mode = Integer.toOctalString(Integer.parseInt(field(h, 100, 8).trim(), 8) & 0777);
                byte type = h[156];
                byte[] body = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (type == 'x') { // pax extended header: "len path=NAME\n" records
                    for (String rec : new String(body, StandardCharsets.UTF_8).split("\n")) {
                        if (rec.contains(" path=")) {
                            paxPath = rec.substring(rec.indexOf(" path=") + 6);
                        }
                    }
                    continue;
                }
                String path = paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name;
                paxPath = null;
                if (type == '0' || type == 0) {
                    files.put(path, sha256(body));
                    modes.put(path, mode);
                }
            }
        }
        return files;
    }

    private static String field(byte[] h, int at, int length) {
        int end = at;
        while (end < at + length && h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.of(bytes));
    }

    /** Every library bundled in the jar is named in NOTICE, with its licence. */
    @Test
    void noticeNamesEveryBundledLibrary() throws Exception {
        String notice = Files.readString(DIST.resolve("NOTICE"));
        List<String> missing = new ArrayList<>();
        try (ZipFile z = new ZipFile(DIST.resolve("lib/cpuidmask.jar").toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                String n = e.getName();
                if (n.startsWith("META-INF/maven/") && n.endsWith("/pom.properties")) {
                    String[] ga = n.substring("META-INF/maven/".length(), n.length() - "/pom.properties".length()).split("/");
                    boolean named = notice.contains(ga[0] + ":*") || notice.contains(ga[0] + ":" + ga[1])
                            || notice.contains(ga[0] + ":") && notice.matches("(?s).*\\b" + Pattern.quote(ga[1]) + "\\b.*");
                    if (!named && !ga[0].equals("io.cpuidmask")) {
                        missing.add(ga[0] + ":" + ga[1]);
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "bundled but not in NOTICE");
    }
}
