package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.yaml.TextLines;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VMware's CPUID boot CD ("CPU identification utility"): {@code ID1ECX 0x0000641d},
 * {@code ID81EDX 0x20000000}, or a header row of such names over a row of values. VMware names a
 * register by leaf and register: {@code 1} is leaf 1, {@code 81} leaf 0x80000001 ({@code 0},
 * {@code 80} likewise). A zero printed with C's {@code %#010x} has no 0x: {@code 0000000000}.
 * Only the registers the CD prints are known; there is no leaf 0, so no vendor.
 */
public final class VmwareBootCdFormat extends LineRecordFormat {

    private static final String NAME = "ID([0-9A-Fa-f]{1,2})(E[ABCD]X)";
    private static final String VALUE = "(0[xX][0-9A-Fa-f]{1,8}|0{10})";
    private static final String SEPARATOR = "(?:[ \\t]*[:=][ \\t]*|[ \\t]+)";
    private static final Pattern DETECT = Pattern.compile(
            "(?mi)^[ \\t]*ID(?:1|81|0|80)E[ABCD]X" + SEPARATOR + "(?:0x[0-9A-F]{1,8}|0{10})[ \\t]*$"
                    + "|^[ \\t]*ID(?:1|81)E[ABCD]X(?:[ \\t]+ID[0-9A-F]{1,2}E[ABCD]X)+[ \\t]*$");
    private static final Pattern PAIR = Pattern.compile("(?i)^\\s*" + NAME + SEPARATOR + VALUE + "\\s*$");
    private static final Pattern HEADER = Pattern.compile("(?i)^\\s*" + NAME + "(?:\\s+" + NAME + ")*\\s*$");
    private static final Pattern NAME_TOKEN = Pattern.compile("(?i)" + NAME);
    private static final Pattern RECORD_LIKE = Pattern.compile("(?i)^\\s*ID[0-9A-F]{1,2}E[ABCD]X\\b.*");
    private static final Pattern CUT_RECORD = Pattern.compile("(?i)^\\s*I(D[0-9A-F]{0,2}(E[ABCD]?)?)?\\s*$");

    public VmwareBootCdFormat() {
        super("vmware", "VMware CPUID boot CD", DETECT);
    }

    @Override
    public DumpReading read(String file, String text) {
        TextLines lines = TextLines.of(text);
        List<InputError> errors = new ArrayList<>();
        DumpedCpu cpu = new DumpedCpu();
        for (int n = 1; n <= lines.count(); n++) {
            String l = lines.line(n);
            Matcher pair = PAIR.matcher(l);
            if (pair.matches()) {
                put(file, cpu, key(pair.group(1), pair.group(2)), pair.group(3), n, errors);
            } else if (HEADER.matcher(l).matches() && n < lines.count()) {
                n = readTable(file, lines, n, cpu, errors);
            } else {
                CpuBlocks.malformed(file, lines, n, RECORD_LIKE, CUT_RECORD, "line", "register line",
                        "e.g. 'ID1ECX 0x0000641d'").ifPresent(errors::add);
            }
        }
        if (cpu.isEmpty() && errors.isEmpty()) {
            errors.add(new InputError(file, 1, "no ID1ECX / ID81EDX style register lines found"));
        }
        if (!errors.isEmpty()) {
            return DumpReading.failed(errors);
        }
        return new DumpReading(cpu, "", null, "", List.of("the boot CD prints only some registers; the others are"
                + " unknown, and without leaf 0 the vendor is unknown."), List.of(), List.of());
    }

    /** A header row of register names and the row of values under it; returns the values' line. */
    private int readTable(String file, TextLines lines, int headerLine, DumpedCpu cpu, List<InputError> errors) {
        List<RegisterKey> keys = new ArrayList<>();
        Matcher names = NAME_TOKEN.matcher(lines.line(headerLine));
        while (names.find()) {
            keys.add(key(names.group(1), names.group(2)));
        }
        int valuesLine = headerLine + 1;
        while (valuesLine < lines.count() && lines.line(valuesLine).isBlank()) {
            valuesLine++;
        }
        String[] values = lines.line(valuesLine).trim().split("\\s+");
        if (values.length != keys.size() || lines.unterminated(valuesLine)) {
            errors.add(new InputError(file, valuesLine, "expected " + keys.size() + " register values under the header"
                    + " at line " + headerLine + ", found " + DumpText.quote(lines.line(valuesLine))));
            return valuesLine;
        }
        for (int i = 0; i < keys.size(); i++) {
            put(file, cpu, keys.get(i), values[i], valuesLine, errors);
        }
        return valuesLine;
    }

    private static void put(String file, DumpedCpu cpu, RegisterKey key, String value, int line,
                            List<InputError> errors) {
        if (!value.matches("(?i)" + VALUE)) {
            errors.add(new InputError(file, line, "register value " + DumpText.quote(value)
                    + " is not 0x and 1-8 hex digits (or 0000000000)"));
            return;
        }
        int v = value.startsWith("0x") || value.startsWith("0X") ? (int) Long.parseLong(value.substring(2), 16) : 0;
        if (!cpu.putRegister(key, v, line)) {
            errors.add(new InputError(file, line, "register " + key.label() + " given twice (first at line "
                    + cpu.lineOf(key) + ")"));
        }
    }

    /** {@code 1} -> leaf 1, {@code 81} -> 0x80000001: a leading 8 of two digits marks an extended leaf. */
    private static RegisterKey key(String leafDigits, String register) {
        long leaf = leafDigits.length() == 2 && leafDigits.charAt(0) == '8'
                ? 0x8000_0000L + Long.parseLong(leafDigits.substring(1), 16)
                : Long.parseLong(leafDigits, 16);
        return RegisterKey.of(leaf, Register.parse(register.toLowerCase(Locale.ROOT)));
    }
}
