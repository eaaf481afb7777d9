package io.cpuidmask.profile.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * The logical CPUs of a dump that lists several (AIDA64, cpuid -r, libcpuid raw), in file order.
 * Records before any CPU header belong to an implicit first CPU.
 */
final class CpuBlocks {

    /** One logical CPU: its label ("logical CPU #0"), the header's line (0 if none) and registers. */
    record Block(String label, int line, DumpedCpu cpu) {
    }

    private final List<Block> blocks = new ArrayList<>();
    private final String implicitLabel;

    CpuBlocks(String implicitLabel) {
        this.implicitLabel = implicitLabel;
    }

    void start(String label, int line) {
        blocks.add(new Block(label, line, new DumpedCpu()));
    }

    /** The CPU records go to now. */
    Block current() {
        if (blocks.isEmpty()) {
            start(implicitLabel, 0);
        }
        return blocks.get(blocks.size() - 1);
    }

    List<Block> all() {
        return blocks.stream().filter(b -> !b.cpu().isEmpty()).toList();
    }

    /**
     * The CPU a profile is made from: CPU 0 ("CPU 0", "logical CPU #0") wherever the dump lists it,
     * as the docs say; else the first one that has registers.
     */
    Block first() {
        List<Block> nonEmpty = all();
        return nonEmpty.stream().filter(b -> b.label().matches(".*[ #]0")).findFirst()
                .orElse(nonEmpty.isEmpty() ? null : nonEmpty.get(0));
    }
}
