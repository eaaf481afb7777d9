package io.cpuidmask.profile.dump;

/**
 * One kind of CPUID dump. {@link #detect} looks at the content only (never the file name);
 * {@link #read} must not throw on any input: every problem becomes an error with its line.
 */
public interface DumpFormat {

    /** Short id, as given to {@code --from}. */
    String id();

    /** What the format is, for messages and profile comments. */
    String title();

    /** Whether the text looks like this format. */
    boolean detect(String text);

    /** Reads the CPU to profile from the text. */
    DumpReading read(String file, String text);
}
