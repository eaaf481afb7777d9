package io.cpuidmask.report;

import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;

/**
 * How the text output marks verdicts and severities: not at all ({@link #PLAIN}, for files, pipes
 * and NO_COLOR), or in colour, which the command line provides when stdout is a terminal.
 */
public interface TextStyle {

    TextStyle PLAIN = new TextStyle() {
        @Override
        public String verdict(Status status, String text) {
            return text;
        }

        @Override
        public String severity(Severity severity, String text) {
            return text;
        }
    };

    /** {@code text} (the verdict's name) marked as {@code status}. */
    String verdict(Status status, String text);

    /** {@code text} (the severity's name) marked as {@code severity}. */
    String severity(Severity severity, String text);
}
