package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every real dump of the shared corpus imports, and its profile holds the dump's own values for
 * leaves 0, 1, 7.0 and 0x80000001. The expected values come from a few lines of regex here, not
 * from the importers, so a parser bug cannot hide behind itself.
 */
class CorpusImportTest {

    // AIDA64: first line of a leaf in the first CPU block that is untagged or [SL 00].
    private static final Pattern AIDA = Pattern.compile(
            "(?m)^CPUID ([0-9A-F]{8}): ([0-9A-F]{8})-([0-9A-F]{8})-([0-9A-F]{8})-([0-9A-F]{8})(.*)$");
    private static final Pattern RAW = Pattern.compile(
            "(?m)^(basic|ext)_cpuid\\[(\\d+)\\]=([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8})$");
    private static final Pattern SECOND_CPU = Pattern.compile("(?m)^(------\\[.*Logical CPU #1 \\]|CPU#001 )");

    @TestFactory
    Stream<DynamicTest> everyCorpusDumpImportsWithTheDumpsValues() {
        return TestDumps.corpusFiles().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                () -> checkAgainstDump(f)));
    }

    @Test
    void theCorpusHasItsTwentyTwoDumps() {
        assertEquals(22, TestDumps.corpusFiles().size());
    }

    private static void checkAgainstDump(Path file) {
        Map<Long, int[]> dump = independentParse(TestDumps.text(file));
        ImportResult r = TestDumps.importFile(file);
        assertTrue(r.ok(), file + ": " + r.errors());
        assertEquals(List.of(), r.warnings(), "logical CPUs of a real dump agree in every feature register");
        HostProfile p = r.profile();
        long maxBasic = Integer.toUnsignedLong(dump.get(0L)[0]);
        long maxExt = Integer.toUnsignedLong(dump.get(0x8000_0000L)[0]);
        for (long leaf : new long[] {0, 1, 7, 0x8000_0001L}) {
            boolean above = leaf < 0x8000_0000L ? leaf > maxBasic : leaf > maxExt;
            int[] expected = above ? new int[4] : dump.get(leaf);
            for (Register reg : Register.values()) {
                assertEquals(expected[reg.ordinal()], p.registers().get(TestDumps.key(leaf, 0, reg)),
                        file.getFileName() + String.format(" leaf 0x%08x %s", leaf, reg.id()));
            }
        }
        assertTrue(p.vendor().equals("GenuineIntel") || p.vendor().equals("AuthenticAMD"), p.vendor());
        assertFalse(p.description().isBlank(), "brand string from leaves 0x80000002-4");
        assertTrue(p.lineOf(TestDumps.key(1, 0, Register.ECX)) > 0, "registers keep their line");
    }

    /** Leaf -> {eax, ebx, ecx, edx} of the first CPU, subleaf 0. */
    private static Map<Long, int[]> independentParse(String text) {
        Map<Long, int[]> leaves = new HashMap<>();
        Matcher second = SECOND_CPU.matcher(text);
        String firstCpu = second.find() ? text.substring(0, second.start()) : text;
        Matcher a = AIDA.matcher(firstCpu);
        while (a.find()) {
            if (!a.group(6).contains("[SL") || a.group(6).contains("[SL 00]")) {
                leaves.putIfAbsent(Long.parseLong(a.group(1), 16), regs(a, 2));
            }
        }
        Matcher r = RAW.matcher(text);
        while (r.find()) {
            long base = r.group(1).equals("ext") ? 0x8000_0000L : 0;
            leaves.putIfAbsent(base + Long.parseLong(r.group(2)), regs(r, 3));
        }
        return leaves;
    }

    private static int[] regs(Matcher m, int first) {
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            v[i] = (int) Long.parseLong(m.group(first + i), 16);
        }
        return v;
    }
}
