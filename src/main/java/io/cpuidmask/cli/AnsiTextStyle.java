package io.cpuidmask.cli;

import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.report.TextStyle;
import picocli.CommandLine.Help.Ansi;

/**
 * Colour for the text output through picocli's {@link Ansi} markup: verdicts (PASS green, MASKED
 * cyan, RISKY yellow, FAIL bold red) and severities (ERROR red, WARNING yellow, INFO faint).
 */
final class AnsiTextStyle implements TextStyle {

    /** When to colour, as {@code --color} takes it. */
    enum When { auto, always, never }

    private final Ansi ansi;

    private AnsiTextStyle(Ansi ansi) {
        this.ansi = ansi;
    }

    /**
     * The style for {@code --color WHEN}: picocli decides {@code auto}: colour only when the JVM has
     * a terminal for stdout and NO_COLOR (https://no-color.org) is not set, nor CLICOLOR=0 (and the
     * {@code picocli.ansi} system property can force either way). {@code always} and {@code never}
     * are the per-run overrides no-color.org allows.
     */
    static TextStyle of(When when) {
        Ansi ansi = switch (when) {
            case auto -> Ansi.AUTO;
            case always -> Ansi.ON;
            case never -> Ansi.OFF;
        };
        return ansi.enabled() ? new AnsiTextStyle(ansi) : TextStyle.PLAIN;
    }

    @Override
    public String verdict(Status status, String text) {
        String style = switch (status) {
            case PASS -> "green";
            case MASKED -> "cyan";
            case RISKY -> "yellow";
            case FAIL -> "bold,red";
        };
        return paint(style, text);
    }

    @Override
    public String severity(Severity severity, String text) {
        String style = switch (severity) {
            case ERROR -> "red";
            case WARNING -> "yellow";
            case INFO -> "faint";
        };
        return paint(style, text);
    }

    private String paint(String style, String text) {
        return ansi.string("@|" + style + " " + text + "|@");
    }
}
