package io.cpuidmask.yaml;

/** A YAML input that cannot be read, with the 1-based line where the problem is (0 if unknown). */
public class YamlInputException extends Exception {

    private final int line;

    public YamlInputException(int line, String message) {
        super(message);
        this.line = Math.max(0, line);
    }

    public int line() {
        return line;
    }
}
