package io.cpuidmask.run;

/** Where a long check reports how far it is; the default does nothing. */
public interface Progress {

    Progress NONE = new Progress() {
    };

    /** All inputs are read. */
    default void hostsRead(int hosts, int clusters) {
    }

    /** {@code done} of {@code total} clusters are checked (called from any thread). */
    default void clustersChecked(int done, int total) {
    }

    /** The check is over; a display can clean up. */
    default void finished() {
    }
}
