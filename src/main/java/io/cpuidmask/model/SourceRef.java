package io.cpuidmask.model;

/** A place in an input file: the file as the user named it and a 1-based line (0 when unknown). */
public record SourceRef(String file, int line) {

    public SourceRef {
        if (file == null) {
            throw new IllegalArgumentException("file is required");
        }
        line = Math.max(0, line);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
