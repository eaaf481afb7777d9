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
 * Todd Allen's {@code cpuid -r} (every CPU, {@code CPU 0:} headers) and {@code cpuid -1r} (one
 * {@code CPU:} block): {@code    0x00000001 0x00: eax=0x000306f2 ebx=... ecx=... edx=...}.
 */
public final class CpuidToolFormat extends LineRecordFormat {

    private static final String HEX8 = "([0-9A-Fa-f]{8})";
    private static final Pattern DETECT = Pattern.compile(
            "(?m)^[ \\t]*0x[0-9A-Fa-f]{8}(?:[ \\t]+0x[0-9A-Fa-f]{1,8})?:[ \\t]+eax=0x[0-9A-Fa-f]{8}");
    private static final Pattern RECORD = Pattern.compile("^\\s*0x" + HEX8 + "(?:\\s+0x([0-9A-Fa-f]{1,8}))?:\\s+eax=0x"
            + HEX8 + "\\s+ebx=0x" + HEX8 + "\\s+ecx=0x" + HEX8 + "\\s+edx=0x" + HEX8 + "\\s*$");
    private static final Pattern RECORD_LIKE = Pattern.compile("^\\s*0x[0-9A-Fa-f]+(\\s+0x[0-9A-Fa-f]*)?\\s*:.*");
    private static final Pattern CUT_RECORD = Pattern.compile("^\\s*0(x[0-9A-Fa-f]*(\\s+(0(x[0-9A-Fa-f]*)?)?)?)?\\s*$");
    private static final Pattern CPU_HEADER = Pattern.compile("^\\s*CPU(?:\\s+(\\d{1,6}))?:\\s*$");

    public CpuidToolFormat() {
        super("cpuid", "cpuid -r / -1r (Todd Allen's cpuid)", DETECT);
    }

    @Override
    public DumpReading read(String file, String text) {
        TextLines lines = TextLines.of(text);
        List<InputError> errors = new ArrayList<>();
        CpuBlocks cpus = new CpuBlocks("CPU 0");
        Map<Long, Integer> untaggedCount = new HashMap<>();
        for (int n = 1; n <= lines.count(); n++) {
            String l = lines.line(n);
            Matcher header = CPU_HEADER.matcher(l);
            if (header.matches()) {
                cpus.start(header.group(1) == null ? "CPU 0" : "CPU " + Integer.parseInt(header.group(1)), n);
                untaggedCount.clear();
                continue;
            }
            Matcher m = RECORD.matcher(l);
            if (m.matches()) {
                long leaf = Long.parseLong(m.group(1), 16);
                if (m.group(2) != null && Long.parseLong(m.group(2), 16) > Integer.MAX_VALUE) {
                    // never clamped: two such subleaves would then read as one duplicate
                    errors.add(new InputError(file, n, "subleaf 0x" + m.group(2) + " is above 0x7fffffff: not supported"));
                    continue;
                }
                int subleaf = m.group(2) != null
                        ? (int) Long.parseLong(m.group(2), 16)
                        : untaggedCount.merge(leaf, 1, Integer::sum) - 1; // old versions repeat the leaf per subleaf
                CpuidRow row = new CpuidRow(leaf, subleaf, parse(m.group(3)), parse(m.group(4)), parse(m.group(5)),
                        parse(m.group(6)), n);
                CpuBlocks.Block block = cpus.current();
                if (!block.cpu().putRow(row)) {
                    errors.add(new InputError(file, n, String.format("leaf 0x%08x subleaf 0x%02x appears twice in %s"
                            + " (first at line %d)", leaf, subleaf, block.label(), block.cpu().lineOf(leaf, subleaf))));
                }
            } else {
                CpuBlocks.malformed(file, lines, n, RECORD_LIKE, CUT_RECORD, "line", "cpuid -r line",
                        "'0x00000001 0x00: eax=0x... ebx=0x... ecx=0x... edx=0x...'").ifPresent(errors::add);
            }
        }
        return cpus.reading(file, errors, List.of(), "no '0xLEAF 0xSUB: eax=...' lines found", "CPUs", List.of(), false);
    }

    private static int parse(String hex8) {
        return (int) Long.parseLong(hex8, 16);
    }
}
