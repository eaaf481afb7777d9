package io.cpuidmask.profile.dump;

import java.util.regex.Pattern;

/**
 * A dump of one CPUID record per line (AIDA64, {@code cpuid -r}, libcpuid raw, the VMware boot CD),
 * known by a line only it has. The readers share {@link CpuBlocks} for the CPUs a dump lists and
 * {@link CpuBlocks#malformed} for lines that look like records but are not.
 */
abstract class LineRecordFormat implements DumpFormat {

    private final String id;
    private final String title;
    private final Pattern detect;

    LineRecordFormat(String id, String title, Pattern detect) {
        this.id = id;
        this.title = title;
        this.detect = detect;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final boolean detect(String text) {
        return detect.matcher(text).find();
    }
}
