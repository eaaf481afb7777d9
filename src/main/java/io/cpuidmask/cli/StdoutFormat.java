package io.cpuidmask.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json} of the commands that print their result on stdout (a picocli mixin). */
class StdoutFormat {

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "F", description = "Output on stdout: ${COMPLETION-CANDIDATES} (default: text).")
    Format format = Format.text;

    boolean json() {
        return format == Format.json;
    }
}
