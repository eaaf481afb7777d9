package io.cpuidmask.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process exit codes. {@link #meaning()} is the one text of each: every command's help lists
 * them from here (cli's AbstractCommand), README's table says the same, and results (the report,
 * a policy verification) say which is theirs.
 */
public enum ExitCode {
    /** Nothing failed. */
    OK(0, "no failure"),
    /** A cluster FAILs (or with --fail-on warning has a WARNING), or a policy test case fails. */
    POLICY_FAILURE(1, "a cluster FAILs (with --fail-on warning: or has a WARNING), or a policy test case fails"),
    /** The command line is wrong. */
    USAGE(2, "usage error (unknown command, option, format or guest)"),
    /** Some file could not be used; everything else was still done and reported. Or nothing could be checked. */
    INPUT_ERROR(3, "some input, rule, config or output file could not be used (the rest is still checked and reported), "
            + "or nothing could be checked (then no report is written)");

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

    /** Code to meaning, in order, as picocli's exit-code help section takes them. */
    public static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            list.put(String.valueOf(c.code()), c.meaning());
        }
        return list;
    }
}
