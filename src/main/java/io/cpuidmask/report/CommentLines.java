package io.cpuidmask.report;

import io.cpuidmask.model.Status;
import io.cpuidmask.result.ClusterResult;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * A settings file of lines with {@code #} comments (QEMU, Proxmox, Xen, VMware): an opening comment
 * that says what the file holds, and sections that open with
 * {@code # == cluster NAME, guest GUEST: STATUS}, where scripts split the file.
 */
final class CommentLines implements SettingsFile {

    private final PrintWriter out;

    /** Starts the file: {@code # cpuidmask VERSION: WHAT}, then any further comment lines. */
    CommentLines(Writer writer, Report report, String what, String... more) {
        out = new PrintWriter(writer);
        out.println("# cpuidmask " + ConfigText.comment(report.toolVersion()) + ": " + what);
        for (String line : more) {
            comment(line);
        }
    }

    /** The heading line, and for a FAIL why the settings cannot make migration safe. */
    @Override
    public void openSection(ClusterResult c) {
        out.println();
        out.println("# == cluster " + ConfigText.comment(c.cluster()) + ", guest " + ConfigText.comment(c.guest())
                + ": " + c.status());
        if (c.status() == Status.FAIL) {
            comment("FAIL: a requirement is unmet or a difference cannot be hidden (see report.json);"
                    + " the settings below are only what a CPU definition can do.");
        }
    }

    @Override
    public void comment(String text) {
        out.println("# " + ConfigText.comment(text));
    }

    /** A setting, or an empty line; built from names the renderer made safe. */
    void line(String line) {
        out.println(line);
    }

    @Override
    public void closeSection() {
        // the next heading, or the end of the file, ends a section
    }

    @Override
    public void close() {
        out.flush();
    }
}
