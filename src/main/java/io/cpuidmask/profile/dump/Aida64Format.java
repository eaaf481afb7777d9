package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import io.cpuidmask.yaml.TextLines;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AIDA64 / InstLatx64 CPUID dumps: {@code CPUID 00000001: 00010676-00040800-000CE3BD-BFEBFBFF},
 * one block per logical CPU. Subleaves come as a {@code [SL 01]} tag (hex) or as repeated
 * untagged lines; any other text after the registers ({@code [SSE]}, brand, cache sizes) is ignored.
 */
public final class Aida64Format extends LineRecordFormat {

    private static final String HEX8 = "([0-9A-Fa-f]{8})";
    private static final Pattern DETECT = Pattern.compile(
            "(?m)^[ \\t]*CPUID[ \\t]+[0-9A-Fa-f]{8}:[ \\t]+[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}-");
    private static final Pattern RECORD = Pattern.compile("^\\s*CPUID\\s+" + HEX8 + ":\\s+" + HEX8 + "-" + HEX8
            + "-" + HEX8 + "-" + HEX8 + "(\\s.*)?$");
    private static final Pattern RECORD_LIKE = Pattern.compile("^\\s*CPUID\\s+[0-9A-Fa-f]+\\s*:.*");
    private static final Pattern CUT_RECORD = Pattern.compile("^\\s*(C|CP|CPU|CPUI|CPUID(\\s.*)?)$");
    private static final Pattern SUBLEAF_TAG = Pattern.compile("\\[SL\\s+([0-9A-Fa-f]{1,8})\\]");
    private static final Pattern CPU_HEADER = Pattern.compile(
            "^\\s*-+\\[\\s*(?:[^\\]]*/\\s*)?Logical CPU #\\s*(\\d{1,6})\\s*\\]-+\\s*$"
                    + "|^\\s*CPU#\\s*(\\d{1,6})\\s+AffMask:.*$");

    /** One CPUID line before its subleaf is settled. */
    private record Line(long leaf, Integer taggedSubleaf, int[] regs, int number) {
    }

    public Aida64Format() {
        super("aida64", "AIDA64 / InstLatx64 CPUID dump", DETECT);
    }

    @Override
    public DumpReading read(String file, String text) {
        TextLines lines = TextLines.of(text);
        List<InputError> errors = new ArrayList<>();
        List<InputError> warnings = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> headerLines = new ArrayList<>();
        List<List<Line>> blocks = new ArrayList<>();
        for (int n = 1; n <= lines.count(); n++) {
            String l = lines.line(n);
            Matcher header = CPU_HEADER.matcher(l);
            if (header.matches()) {
                String number = header.group(1) != null ? header.group(1) : header.group(2);
                labels.add("logical CPU #" + Integer.parseInt(number));
                headerLines.add(n);
                blocks.add(new ArrayList<>());
                continue;
            }
            Matcher m = RECORD.matcher(l);
            String tail = m.matches() && m.group(6) != null ? m.group(6) : "";
            Matcher sl = SUBLEAF_TAG.matcher(tail);
            boolean tagged = sl.find();
            if (m.matches() && (tagged || !tail.contains("[SL"))) { // the rest is free text: cache sizes, brand
                if (tagged && Long.parseLong(sl.group(1), 16) > Integer.MAX_VALUE) {
                    // never clamped: two such subleaves would then read as one duplicate
                    errors.add(new InputError(file, n, "subleaf 0x" + sl.group(1) + " is above 0x7fffffff: not supported"));
                    continue;
                }
                Integer subleaf = tagged ? (int) Long.parseLong(sl.group(1), 16) : null;
                if (blocks.isEmpty()) {
                    labels.add("logical CPU #0");
                    headerLines.add(0);
                    blocks.add(new ArrayList<>());
                }
                blocks.get(blocks.size() - 1).add(new Line(Long.parseLong(m.group(1), 16), subleaf, new int[] {
                        parse(m.group(2)), parse(m.group(3)), parse(m.group(4)), parse(m.group(5))}, n));
            } else {
                CpuBlocks.malformed(file, lines, n, RECORD_LIKE, CUT_RECORD, "CPUID line", "CPUID line",
                        "'CPUID 00000001: EAX-EBX-ECX-EDX', 8 hex digits each, optional [SL nn]").ifPresent(errors::add);
            }
        }
        if (!errors.isEmpty()) {
            return DumpReading.failed(errors);
        }
        CpuBlocks cpus = new CpuBlocks("logical CPU #0");
        for (int i = 0; i < blocks.size(); i++) {
            cpus.start(labels.get(i), headerLines.get(i));
            settleSubleaves(file, blocks.get(i), cpus.current(), errors, warnings, i == 0);
        }
        return cpus.reading(file, errors, warnings, "no CPUID lines found", "logical CPUs", List.of(), true);
    }

    /**
     * Gives every line its subleaf and stores it. Untagged repeats of a leaf count up from 0,
     * except leaf 0xD: old AIDA64 versions list subleaf 0, then one line per state component set
     * in 0xD.0 EAX (bit 2 = AVX -> subleaf 2, ...), and subleaf 1 only sometimes. The bulldozer
     * dump of the corpus shows subleaves 0 and 2 that way.
     */
    private void settleSubleaves(String file, List<Line> block, CpuBlocks.Block target, List<InputError> errors,
                                 List<InputError> warnings, boolean profiled) {
        Map<Long, List<Line>> untagged = new LinkedHashMap<>();
        for (Line line : block) {
            if (line.taggedSubleaf() != null) {
                store(file, target, line, line.taggedSubleaf(), errors);
            } else {
                untagged.computeIfAbsent(line.leaf(), k -> new ArrayList<>()).add(line);
            }
        }
        for (Map.Entry<Long, List<Line>> e : untagged.entrySet()) {
            List<Line> rows = e.getValue();
            if (e.getKey() == 0xDL && rows.size() > 1) {
                settleXsaveLines(file, rows, target, errors, warnings, profiled);
                continue;
            }
            int next = 0;
            for (Line row : rows) {
                while (target.cpu().has(row.leaf(), next)) {
                    next++;
                }
                store(file, target, row, next++, errors);
            }
        }
    }

    private void settleXsaveLines(String file, List<Line> rows, CpuBlocks.Block target, List<InputError> errors,
                                  List<InputError> warnings, boolean profiled) {
        store(file, target, rows.get(0), 0, errors);
        int components = rows.get(0).regs()[0];
        TreeSet<Integer> candidates = new TreeSet<>();
        for (int bit = 2; bit < 32; bit++) {
            if ((components & (1 << bit)) != 0) {
                candidates.add(bit);
            }
        }
        List<Line> extra = rows.subList(1, rows.size());
        List<Integer> subleaves = new ArrayList<>();
        if (extra.size() == candidates.size() + 1) {
            subleaves.add(1);
        } else if (extra.size() != candidates.size()) {
            if (profiled) {
                warnings.add(new InputError(file, extra.get(0).number(), "leaf 0x0000000d is listed " + rows.size()
                        + " times without [SL nn] tags and its state components (0xD.0 EAX = "
                        + String.format("0x%08x", components) + ") do not tell which subleaves these are: "
                        + "only subleaf 0 is used"));
            }
            return;
        }
        subleaves.addAll(candidates);
        for (int i = 0; i < extra.size(); i++) {
            store(file, target, extra.get(i), subleaves.get(i), errors);
        }
    }

    private static void store(String file, CpuBlocks.Block target, Line line, int subleaf, List<InputError> errors) {
        int[] r = line.regs();
        if (!target.cpu().putRow(new CpuidRow(line.leaf(), subleaf, r[0], r[1], r[2], r[3], line.number()))) {
            errors.add(new InputError(file, line.number(), String.format(
                    "leaf 0x%08x subleaf %d appears twice in %s (first at line %d)", line.leaf(), subleaf,
                    target.label(), target.cpu().lineOf(line.leaf(), subleaf))));
        }
    }

    private static int parse(String hex8) {
        return (int) Long.parseLong(hex8, 16);
    }
}
