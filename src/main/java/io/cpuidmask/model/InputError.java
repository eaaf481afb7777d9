package io.cpuidmask.model;

/** A problem with an input or rule file, printed as {@code file:line: message}. */
public record InputError(String file, int line, String message) implements Comparable<InputError> {

    public InputError {
        line = Math.max(0, line);
    }

    public static InputError at(SourceRef ref, String message) {
        return new InputError(ref.file(), ref.line(), message);
    }

    /** The {@code file:line: message} form every problem is reported in. */
    public String render() {
        return (line > 0 ? file + ":" + line : file) + ": " + message;
    }

    @Override
    public int compareTo(InputError o) {
        int c = file.compareTo(o.file);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        return c != 0 ? c : message.compareTo(o.message);
    }

    @Override
    public String toString() {
        return render();
    }
}
