package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * libvirt CPU test data ({@code tests/cputestdata/x86_64-cpuid-*.xml}, also what
 * {@code cpu-data.py} gathers): {@code <cpudata arch='x86'><cpuid eax_in='0x00000001' ecx_in='0x00'
 * eax='0x..' ebx='..' ecx='..' edx='..'/>}. As in libvirt, a missing ecx_in or register is 0.
 */
final class LibvirtCpuData {

    private LibvirtCpuData() {
    }

    static DumpReading read(String file, XmlTree.Element root) {
        List<InputError> errors = new ArrayList<>();
        DumpedCpu cpu = new DumpedCpu();
        for (XmlTree.Element e : root.children("cpuid")) {
            readCpuid(file, e, cpu, errors);
        }
        if (cpu.isEmpty() && errors.isEmpty()) {
            errors.add(new InputError(file, root.line(), "no <cpuid> elements under <cpudata>"));
        }
        if (!errors.isEmpty()) {
            return DumpReading.failed(errors);
        }
        return new DumpReading(cpu, "CPU data", null, "", List.of(), List.of(), List.of());
    }

    private static void readCpuid(String file, XmlTree.Element e, DumpedCpu cpu, List<InputError> errors) {
        int line = e.line();
        try {
            long leaf = number(e, "eax_in", true);
            long subleaf = number(e, "ecx_in", false);
            if (subleaf > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ecx_in " + subleaf + " is too large");
            }
            CpuidRow row = new CpuidRow(leaf, (int) subleaf, (int) number(e, "eax", false),
                    (int) number(e, "ebx", false), (int) number(e, "ecx", false), (int) number(e, "edx", false), line);
            if (!cpu.putRow(row)) {
                errors.add(new InputError(file, line, String.format("cpuid eax_in 0x%08x ecx_in 0x%02x appears twice"
                        + " (first at line %d)", leaf, subleaf, cpu.lineOf(leaf, (int) subleaf))));
            }
        } catch (IllegalArgumentException ex) {
            errors.add(new InputError(file, line, "<cpuid>: " + ex.getMessage()));
        }
    }

    /** An attribute as libvirt reads it (strtoul base 0): 0x hex or decimal, 32 bits. */
    static long number(XmlTree.Element e, String attribute, boolean required) {
        String v = e.attribute(attribute);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException("missing attribute " + attribute);
            }
            return 0;
        }
        String s = v.trim();
        try {
            return Numbers.parseUnsigned(s, 0xFFFF_FFFFL, attribute);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(attribute + "=" + DumpText.quote(s)
                    + " is not a 32-bit number (0x hex or decimal, ASCII digits)");
        }
    }
}
