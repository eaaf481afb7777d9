package io.cpuidmask.profile.dump;

import java.util.List;

/**
 * One kind of CPUID dump. {@link #detect} looks at the content only (never the file name);
 * {@link #read} and {@link #readAll} must not throw on any input: every problem becomes an error
 * with its line.
 */
public interface DumpFormat {

    /** Short id, as given to {@code --from}. */
    String id();

    /** What the format is, for messages and profile comments. */
    String title();

    /** Whether the text looks like this format. */
    boolean detect(String text);

    /**
     * For JSON and XML formats, the characters their text starts with ({@code "{["}, {@code "<"});
     * empty for line-oriented formats. Text that starts with {@code {}, {@code [} or {@code <} is
     * offered only to the formats that start so, so that a large node list is not scanned by every
     * pattern of the others.
     */
    default String startsWith() {
        return "";
    }

    /** Reads the CPU to profile from the text. */
    DumpReading read(String file, String text);

    /**
     * Every host the text describes, in file order: one for a dump of one machine, one per node for
     * a list of Kubernetes nodes. A reading with errors loses only its own host.
     */
    default List<DumpReading> readAll(String file, String text) {
        return List.of(read(file, text));
    }
}
