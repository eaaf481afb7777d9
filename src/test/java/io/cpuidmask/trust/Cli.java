package io.cpuidmask.trust;

import io.cpuidmask.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real command line in-process and checks the shape of what it prints on stderr. */
final class Cli {

    /** One run: exit code, stdout, stderr. */
    record Run(int code, String out, String err) {

        List<String> errLines() {
            return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
        }

        /** The stderr lines about one file (those that start with its name and a colon). */
        List<String> linesAbout(String file) {
            return errLines().stream().filter(l -> l.startsWith(file + ":")).toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stderr\n" + err + "--- stdout (start)\n"
                    + out.substring(0, Math.min(out.length(), 2000));
        }
    }

    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w.$/<>]+\\(.*\\)$");
    private static final Pattern FILE_LINE = Pattern.compile("^[^:]+(:\\d+)?: .+$");

    private Cli() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Every stderr line is a {@code file:line: message} (or {@code file: message}), a
     * {@code warning: ...} or a {@code wrote ...} line: no stack trace, no internal error.
     */
    static void assertCleanStderr(Run r) {
        for (String line : r.errLines()) {
            assertFalse(STACK_FRAME.matcher(line).matches(), () -> "stack trace on stderr:\n" + r);
            assertFalse(line.contains("internal error"), () -> "internal error:\n" + r);
            assertFalse(line.startsWith("Exception in") || line.startsWith("Caused by"), () -> "exception:\n" + r);
            boolean known = line.startsWith("wrote ") || line.startsWith("warning: ") || FILE_LINE.matcher(line).matches();
            assertTrue(known, () -> "unexpected stderr line '" + line + "':\n" + r);
        }
    }
}
