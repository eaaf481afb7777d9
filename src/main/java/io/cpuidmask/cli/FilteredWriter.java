package io.cpuidmask.cli;

import io.cpuidmask.report.SafeText;
import java.io.PrintWriter;

/**
 * What every command writes to: control and bidirectional characters are shown, not obeyed
 * ({@link SafeText}), so no input can drive the user's terminal. Keeps the writer underneath for
 * the one output that must send escape sequences of its own, the coloured text, which cleans its
 * inputs itself ({@code TextReportRenderer}).
 */
final class FilteredWriter extends PrintWriter {

    private final PrintWriter raw;

    FilteredWriter(PrintWriter raw) {
        super(SafeText.filter(raw), true);
        this.raw = raw;
    }

    /** The unfiltered writer, after what was written through the filter. */
    PrintWriter raw() {
        flush();
        return raw;
    }
}
