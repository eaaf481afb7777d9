package io.cpuidmask.cli;

/** The process exit codes (DESIGN.md section 8), listed in {@code --help}. */
public enum ExitCode {
    /** No cluster fails (and, with --fail-on warning, none has a WARNING). */
    OK(0, "no failure"),
    /** A cluster FAILs, or with --fail-on warning has a WARNING. */
    POLICY_FAILURE(1, "a cluster FAILs (with --fail-on warning: or has a WARNING)"),
    /** The command line is wrong. */
    USAGE(2, "usage error"),
    /** Some input or rule file could not be used; everything else was still checked and reported. */
    INPUT_ERROR(3, "some input or rule file could not be used (the rest is still checked and reported)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
