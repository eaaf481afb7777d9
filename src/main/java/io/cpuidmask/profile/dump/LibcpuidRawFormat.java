package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import io.cpuidmask.yaml.TextLines;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libcpuid raw dumps ({@code cpuid_tool --save=FILE}): {@code basic_cpuid[1]=00040651 00100800 ...}
 * is leaf 1 subleaf 0, {@code ext_cpuid[1]=...} leaf 0x80000001. libcpuid fills all 32 entries of
 * each array, past the CPU's maximum leaf too; the covered-leaf selection zeroes those. Newer
 * versions write {@code version=} and one {@code ___ Logical CPU #n ___} block per CPU.
 */
public final class LibcpuidRawFormat extends LineRecordFormat {

    private static final String HEX8 = "([0-9A-Fa-f]{8})";
    private static final Pattern DETECT = Pattern.compile("(?m)^[ \\t]*basic_cpuid\\[\\d+\\]=[0-9A-Fa-f]{8}");
    private static final Pattern RECORD = Pattern.compile(
            "^\\s*([a-z][a-z0-9_]*)\\[(\\d{1,4})\\]=" + HEX8 + "\\s+" + HEX8 + "\\s+" + HEX8 + "\\s+" + HEX8 + "\\s*$");
    private static final Pattern RECORD_LIKE = Pattern.compile("^\\s*[a-z][a-z0-9_]*\\[.*");
    private static final Pattern CUT_RECORD = Pattern.compile("^\\s*(basic|ext|intel|amd)[a-z0-9_]*\\s*$");
    private static final Pattern CPU_HEADER = Pattern.compile("^\\s*_+\\s*Logical CPU #\\s*(\\d{1,6})\\s*_+\\s*$");

    public LibcpuidRawFormat() {
        super("libcpuid", "libcpuid raw dump", DETECT);
    }

    @Override
    public DumpReading read(String file, String text) {
        TextLines lines = TextLines.of(text);
        List<InputError> errors = new ArrayList<>();
        CpuBlocks cpus = new CpuBlocks("logical CPU #0");
        Map<String, Integer> seen = new HashMap<>();
        for (int n = 1; n <= lines.count(); n++) {
            String l = lines.line(n);
            Matcher header = CPU_HEADER.matcher(l);
            if (header.matches()) {
                cpus.start("logical CPU #" + Integer.parseInt(header.group(1)), n);
                seen.clear();
                continue;
            }
            Matcher m = RECORD.matcher(l);
            if (m.matches()) {
                String array = m.group(1);
                int index = Integer.parseInt(m.group(2));
                Integer first = seen.putIfAbsent(array + "[" + index + "]", n);
                if (first != null) {
                    errors.add(new InputError(file, n, array + "[" + index + "] appears twice in "
                            + cpus.current().label() + " (first at line " + first + ")"));
                    continue;
                }
                long leaf;
                if (array.equals("basic_cpuid")) {
                    leaf = index;
                } else if (array.equals("ext_cpuid")) {
                    leaf = 0x8000_0000L + index;
                } else {
                    continue; // subleaf arrays (intel_fn4, amd_fn8000001dh, ...) cover no profiled leaf
                }
                cpus.current().cpu().putRow(new CpuidRow(leaf, 0, parse(m.group(3)), parse(m.group(4)),
                        parse(m.group(5)), parse(m.group(6)), n));
            } else {
                CpuBlocks.malformed(file, lines, n, RECORD_LIKE, CUT_RECORD, "line", "libcpuid line",
                        "'basic_cpuid[N]=EAX EBX ECX EDX', 8 hex digits each").ifPresent(errors::add);
            }
        }
        return cpus.reading(file, errors, List.of(), "no basic_cpuid[] or ext_cpuid[] lines found", "logical CPUs",
                List.of("libcpuid raw: basic_cpuid[n] is leaf n subleaf 0, ext_cpuid[n] leaf 0x80000000+n;"
                        + " libcpuid has no leaf 7 subleaf 1 and no leaf 0xd subleaf 1."), false);
    }

    private static int parse(String hex8) {
        return (int) Long.parseLong(hex8, 16);
    }
}
