package io.cpuidmask.model;

/** Verdict for one cluster and guest. */
public enum Status {
    /** No mask needed: the hosts agree on every compared bit. */
    PASS,
    /** A custom mask makes all hosts compatible. */
    MASKED,
    /** Compatible with the mask, but the mask hides a risky feature (WARNING findings). */
    RISKY,
    /** No mask can make the hosts compatible, or a requirement is unmet (ERROR findings). */
    FAIL
}
