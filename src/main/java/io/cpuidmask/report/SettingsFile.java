package io.cpuidmask.report;

import io.cpuidmask.result.ClusterResult;
import java.io.IOException;

/**
 * A hypervisor settings file as {@link SettingsRenderer} writes it: sections, one per cluster and
 * guest, and comments in the file's own syntax that carry input text safely.
 */
interface SettingsFile {

    /** Opens the section of a cluster and guest. */
    void openSection(ClusterResult c) throws IOException;

    /** A comment for a person; text taken from input can neither end it nor start a setting. */
    void comment(String text) throws IOException;

    void closeSection() throws IOException;

    /** Ends the file and flushes it. */
    void close() throws IOException;
}
