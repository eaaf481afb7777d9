package io.cpuidmask.cli;

import io.cpuidmask.model.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every command shares (issue 13): --debug, --help and --version, one exit-code section built
 * from {@link ExitCode}, short usage errors that suggest the nearest name.
 */
class CommandContractTest {

    /** Every command and subcommand as typed, found from the command tree (new ones are covered too). */
    static List<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), all);
        return all;
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> all) {
        all.add(List.copyOf(path));
        for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
            if (sub.getValue().getCommand() instanceof CommandLine.HelpCommand) {
                continue;
            }
            List<String> p = new ArrayList<>(path);
            p.add(sub.getKey());
            collect(sub.getValue(), p, all);
        }
    }

    private static CheckCommandTest.Run run(List<String> command, String... more) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(more));
        return CheckCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void theCommandTreeHoldsTheCommandsOfTheReadme() {
        List<String> names = commands().stream().map(c -> String.join(" ", c)).toList();
        for (String c : new String[] {"check", "explain", "baseline", "plan", "import", "snapshot", "rules list", "rules verify", "estate"}) {
            assertTrue(names.contains(c), c + " missing from " + names);
        }
    }

    @Test
    void everyCommandTakesDebug() {
        for (List<String> c : commands()) {
            CheckCommandTest.Run r = run(c, "--debug", "--help");
            assertEquals(0, r.code(), c + ": " + r.err());
            assertTrue(r.out().contains("--debug"), c + " help lacks --debug:\n" + r.out());
            assertTrue(CommandLine.class.isInstance(Main.commandLine()) && isShared(c), c + " is no AbstractCommand");
        }
    }

    private static boolean isShared(List<String> path) {
        CommandLine cli = Main.commandLine();
        for (String p : path) {
            cli = cli.getSubcommands().get(p);
        }
        return cli.getCommand() instanceof AbstractCommand;
    }

    @Test
    void everyCommandListsTheSameExitCodesFromTheEnum() {
        StringBuilder expected = new StringBuilder("Exit codes:\n");
        for (ExitCode e : ExitCode.values()) {
            expected.append(e.code()).append(' ').append(e.meaning()).append('\n');
        }
        for (List<String> c : commands()) {
            CheckCommandTest.Run r = run(c, "--help");
            assertEquals(0, r.code(), c + ": " + r.err());
            assertEquals(expected.toString(), exitCodeSection(r.out()), c + " help:\n" + r.out());
        }
    }

    @Test
    void theReadmeTableOfExitCodesIsTheEnum() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("### Exit codes"));
        table = table.substring(table.indexOf("| code | meaning |"), table.indexOf("\n\n", table.indexOf("| code | meaning |")));
        StringBuilder expected = new StringBuilder("| code | meaning |\n|---|---|");
        for (ExitCode e : ExitCode.values()) {
            expected.append("\n| ").append(e.code()).append(" | ").append(e.meaning()).append(" |");
        }
        assertEquals(expected.toString(), table);
    }

    /** The exit-code section with picocli's column layout undone: "code meaning" per line. */
    private static String exitCodeSection(String help) {
        int at = help.indexOf("Exit codes:");
        assertTrue(at >= 0, help);
        String[] lines = help.substring(at).replace("\r\n", "\n").split("\n");
        StringBuilder out = new StringBuilder(lines[0]).append('\n');
        StringBuilder entry = null;
        for (int i = 1; i < lines.length && !lines[i].isBlank(); i++) {
            String l = lines[i].strip();
            if (l.matches("\\d+\\s+.*")) {
                if (entry != null) {
                    out.append(entry).append('\n');
                }
                entry = new StringBuilder(l.replaceFirst("^(\\d+)\\s+", "$1 "));
            } else if (entry != null) {
                entry.append(' ').append(l);
            }
        }
        if (entry != null) {
            out.append(entry).append('\n');
        }
        return out.toString();
    }

    @Test
    void usageErrorsAreShortAndNameTheCommand() {
        CheckCommandTest.Run r = CheckCommandTest.run("baseline", "--nonsense");
        assertEquals(2, r.code());
        assertEquals("cpuidmask baseline: Unknown option: '--nonsense'\n"
                + "Try 'cpuidmask baseline --help' for more information.\n", r.err().replace("\r\n", "\n"));
        assertEquals("", r.out());
    }

    /** A run that names its command builds that command alone (start-up): same help, same settings. */
    @Test
    void aRunThatNamesItsCommandBuildsItAloneWithTheSameHelp() {
        CommandLine full = Main.commandLine();
        for (List<String> c : commands()) {
            if (c.isEmpty()) {
                continue;
            }
            CommandLine alone = Main.commandLine(c.toArray(String[]::new));
            assertEquals(List.of(c.get(0)), List.copyOf(alone.getSubcommands().keySet()), c.toString());
            CommandLine a = alone;
            CommandLine f = full;
            for (String p : c) {
                a = a.getSubcommands().get(p);
                f = f.getSubcommands().get(p);
            }
            assertEquals(f.getUsageMessage(), a.getUsageMessage(), c.toString());
            assertTrue(a.isCaseInsensitiveEnumValuesAllowed(), c.toString());
        }
        for (String[] args : new String[][] {{}, {"--debug"}, {"help", "check"}, {"chekc"}, {"--", "check"}}) {
            assertEquals(full.getSubcommands().keySet(), Main.commandLine(args).getSubcommands().keySet(),
                    "every command, to list, to help with or to suggest from: " + List.of(args));
        }
        assertEquals(List.of("check"), List.copyOf(Main.commandLine("--debug", "check", "rules").getSubcommands().keySet()),
                "the first word that is not an option names the command");
    }

    @Test
    void noCommandNamesOneThatExists() {
        CheckCommandTest.Run r = CheckCommandTest.run();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("cpuidmask: a command is required, e.g. 'cpuidmask check'"), r.err());
        assertTrue(Main.commandLine().getSubcommands().containsKey("check"));
        assertEquals(Main.NAME, Main.commandLine().getCommandName());
    }

    @Test
    void mistypedOptionsCommandsAndValuesGetTheNearestName() {
        assertSuggests("'--format'", "check", "--fromat", "json");
        assertSuggests("'--format'", "check", "--fromat=json");
        assertSuggests("'json'", "check", "--format", "jsn");
        assertSuggests("'WARNING'", "check", "--fail-on", "warnig");
        assertSuggests("'check'", "chek");
        assertSuggests("'verify'", "rules", "verfy");
        assertSuggests("'linux-64'", "check", "profiles/seed", "--guest", "linx-64", "--format", "json",
                "--out", "target/never-written");
        assertSuggests("'aida64'", "import", "--from", "aida", "profiles/seed");
        CheckCommandTest.Run far = CheckCommandTest.run("check", "--format", "pdf");
        assertEquals(2, far.code());
        assertFalse(far.err().contains("did you mean"), far.err());
    }

    private static void assertSuggests(String suggestion, String... args) {
        CheckCommandTest.Run r = CheckCommandTest.run(args);
        assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.err().contains("(did you mean " + suggestion + "?)"), String.join(" ", args) + ":\n" + r.err());
        assertEquals(2, r.err().split("\n").length, "two lines: the error and where help is\n" + r.err());
    }
}
