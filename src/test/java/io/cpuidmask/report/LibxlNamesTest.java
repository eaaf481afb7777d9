package io.cpuidmask.report;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code baseline/libxl-cpuid-names.yaml} against Xen 4.17's libxl itself (through {@link Libxl};
 * skipped visibly without Debian's libxenmisc4.17): each name there sets exactly its bit, and no
 * single-bit name libxl has for a register cpuidmask covers is missing.
 */
class LibxlNamesTest {

    private static final String TABLE = "/io/cpuidmask/baseline/libxl-cpuid-names.yaml";
    private static final Path FEATURESET_H = Path.of("/usr/include/xen/arch-x86/cpufeatureset.h");

    /** One bit of the table: register as the table writes it ({@code 00000007.1.eax}) and bit. */
    record Bit(String register, int bit) implements Comparable<Bit> {
        @Override
        public int compareTo(Bit o) {
            int c = register.compareTo(o.register);
            return c != 0 ? c : Integer.compare(bit, o.bit);
        }

        @Override
        public String toString() {
            return register + "/" + bit;
        }
    }

    @Test
    void everyNameOfTheTableHidesExactlyItsBit() throws Exception {
        Libxl libxl = Libxl.assumeInstalled();
        Map<Bit, String> table = table();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Bit, String> e : table.entrySet()) {
            Libxl.Result r = libxl.parseFlag(e.getValue() + "=0");
            List<Libxl.Setting> expected = List.of(hidden(e.getKey()));
            if (!r.accepted()) {
                wrong.add(e.getValue() + " (" + e.getKey() + "): refused, libxl_cpuid_parse_config returned " + r.rc());
            } else if (!r.policy().settings().equals(expected) || !r.policy().msrSettings().isEmpty()) {
                wrong.add(e.getValue() + " (" + e.getKey() + "): sets " + r.policy().settings() + " "
                        + r.policy().msrSettings() + ", not " + expected);
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(table.size() >= 190, "only " + table.size() + " names in " + TABLE);
        System.out.printf("libxl accepts all %d names of %s, each for its bit%n", table.size(), TABLE);
    }

    @Test
    void everySingleBitNameOfACoveredRegisterIsInTheTable() throws Exception {
        Libxl libxl = Libxl.assumeInstalled();
        Map<Bit, String> table = table();
        Set<String> covered = new TreeSet<>();
        table.keySet().forEach(b -> covered.add(b.register()));
        FeatureCatalogs.shipped().features().forEach(f -> covered.add(f.getKey().label()));

        SortedMap<String, Libxl.Policy> names = libxl.flagNames();
        SortedMap<Bit, List<String>> libxlBits = new TreeMap<>();
        for (Map.Entry<String, Libxl.Policy> e : names.entrySet()) {
            List<Libxl.Setting> s = e.getValue().settings();
            if (s.size() == 1 && e.getValue().msr().isEmpty()) {
                Bit bit = new Bit(tableRegister(s.get(0)), s.get(0).bit());
                if (covered.contains(bit.register())) {
                    libxlBits.computeIfAbsent(bit, b -> new ArrayList<>()).add(e.getKey());
                }
            }
        }
        List<String> missing = new ArrayList<>();
        libxlBits.forEach((bit, n) -> {
            if (!table.containsKey(bit)) {
                missing.add(bit + " " + n);
            }
        });
        assertEquals(List.of(), missing, "libxl names these bits of covered registers; " + TABLE + " does not");
        // The other direction, and that the name there is one of libxl's for that bit.
        table.forEach((bit, name) -> assertTrue(libxlBits.getOrDefault(bit, List.of()).contains(name),
                name + " (" + bit + ") is not among libxl's names for that bit: " + libxlBits.get(bit)));
        System.out.printf("libxl %s: %d names, %d single bits of %d covered registers, all in the table%n",
                libxl.xenlightFile(), names.size(), libxlBits.size(), covered.size());
    }

    /**
     * The name scan of {@link Libxl#flagNames()} misses nothing the featureset names: every
     * XEN_CPUFEATURE of Xen's public header (Debian: libxen-dev), in lower case with {@code -} for
     * {@code _} as gen-cpuid.py writes INIT_FEATURE_NAMES, is among the names found.
     */
    @Test
    void theNameScanFindsEveryFeaturesetName() throws Exception {
        Libxl libxl = Libxl.assumeInstalled();
        Assumptions.assumeTrue(Files.isRegularFile(FEATURESET_H),
                FEATURESET_H + " missing (Debian: libxen-dev): featureset cross-check skipped");
        Matcher m = Pattern.compile("XEN_CPUFEATURE\\((\\w+),\\s*\\d+\\*32\\+\\s*\\d+\\)")
                .matcher(Files.readString(FEATURESET_H));
        Set<String> featureset = new TreeSet<>();
        while (m.find()) {
            featureset.add(m.group(1).toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        assertTrue(featureset.size() > 200, "only " + featureset.size() + " features in " + FEATURESET_H);
        Set<String> notFound = new TreeSet<>(featureset);
        notFound.removeAll(libxl.flagNames().keySet());
        assertEquals(Set.of(), notFound, "featureset names the scan of " + libxl.xenlightFile() + " did not find");
    }

    /** libxl's own table comes first: {@code clflush} is the line-size field, so the table says {@code clfsh}. */
    @Test
    void clflushIsTheLineSizeFieldNotTheFeatureBit() {
        Libxl libxl = Libxl.assumeInstalled();
        List<Libxl.Setting> clflush = libxl.parseFlag("clflush=0").policy().settings();
        assertEquals(8, clflush.size(), clflush.toString());
        assertTrue(clflush.stream().allMatch(s -> s.leaf() == 1 && s.register().equals("ebx")
                && s.bit() >= 8 && s.bit() <= 15), clflush.toString());
        assertEquals(List.of(new Libxl.Setting(1, Libxl.NO_SUBLEAF, "edx", 19, '0')),
                libxl.parseFlag("clfsh=0").policy().settings());
        assertEquals("clfsh", table().get(new Bit("00000001.edx", 19)));
        assertEquals(2, libxl.parseFlag("amd-ibrs=0").rc(), "AMD's IBRS bit is called ibrs by libxl");
    }

    /** The helper reads whole configs as xl does: both forms of the key, and xl's messages. */
    @Test
    void configsAreReadAsXlReadsThem() {
        Libxl libxl = Libxl.assumeInstalled();
        Libxl.Config xend = libxl.parseConfig("name = \"g\"\n"
                + "cpuid = [ \"0x00000001:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxx0x0x0\", \"0x00000007,0x00:ebx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0,edx=0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" ]\n");
        assertEquals(List.of(), xend.errors());
        assertEquals(List.of(new Libxl.Setting(1, Libxl.NO_SUBLEAF, "ecx", 0, '0'),
                new Libxl.Setting(1, Libxl.NO_SUBLEAF, "ecx", 2, '0'),
                new Libxl.Setting(1, Libxl.NO_SUBLEAF, "ecx", 4, '0'),
                new Libxl.Setting(7, 0, "ebx", 0, '0'),
                new Libxl.Setting(7, 0, "edx", 31, '0')), xend.policy().settings());

        Libxl.Config named = libxl.parseConfig("cpuid = \"host,sse3=0,dtes64=0,dscpl=0,fsgsbase=0,ssbd=0\"\n");
        assertEquals(List.of(), named.errors());
        assertEquals(xend.policy().settings(), named.policy().settings());

        Libxl.Config bad = libxl.parseConfig("cpuid = \"host,sse3=0,nosuch=0,fsrm=2x,tsc\"\n");
        assertEquals(List.of("while parsing CPUID flag: \"nosuch=0\": error #2: unknown CPUID flag name",
                "while parsing CPUID flag: \"tsc\": error #1: missing \"=\" in key=value"), bad.errors());
        // libxl reads a value with strtoul and keeps its low bit: "2x" is accepted and means 0.
        assertTrue(bad.policy().settings().contains(new Libxl.Setting(7, 0, "edx", 4, '0')), bad.toString());
        assertEquals(List.of("while parsing CPUID string: \"sse3=0\": error: first word must be \"host\""),
                libxl.parseConfig("cpuid = \"sse3=0\"").errors());
        assertEquals(List.of("while parsing CPUID line: \"0x7,0:ebx=0\": error #5: policy string must be exactly 32 characters long"),
                libxl.parseConfig("cpuid = [ \"0x7,0:ebx=0\" ]").errors());
        List<String> syntax = libxl.parseConfig("cpuid = [ \"0x1:ecx=" + "x".repeat(32) + "\"\n").errors();
        assertEquals("Failed to parse config: Invalid argument", syntax.get(syntax.size() - 1), syntax.toString());
        assertTrue(syntax.get(0).contains("syntax error"), syntax.toString());
    }

    /** What {@code NAME=0} of the table's bit sets in libxl: leaves 7 and 0xD carry their subleaf, others none. */
    static Libxl.Setting hidden(Bit bit) {
        String[] p = bit.register().split("\\.");
        long leaf = Long.parseLong(p[0], 16);
        int subleaf = p.length == 3 ? Integer.parseInt(p[1]) : 0;
        boolean hasSubleaves = leaf == 7 || leaf == 0xd;
        return new Libxl.Setting(leaf, hasSubleaves ? subleaf : Libxl.NO_SUBLEAF, p[p.length - 1], bit.bit(), '0');
    }

    /** The table's register for a libxl setting ({@code 00000001.ecx}, {@code 00000007.1.eax}). */
    static String tableRegister(Libxl.Setting s) {
        String leaf = String.format("%08x", s.leaf());
        boolean plain = s.subleaf() == Libxl.NO_SUBLEAF || s.subleaf() == 0;
        return leaf + (plain ? "" : "." + s.subleaf()) + "." + s.register();
    }

    static Map<Bit, String> table() {
        try (InputStream in = LibxlNamesTest.class.getResourceAsStream(TABLE)) {
            Map<?, ?> root = (Map<?, ?>) SafeYaml.readAll(TextFiles.decode(in.readAllBytes())).get(0).data();
            Map<Bit, String> out = new TreeMap<>();
            root.forEach((reg, bits) -> ((Map<?, ?>) bits).forEach((bit, name) ->
                    out.put(new Bit(reg.toString(), Integer.parseInt(bit.toString().trim())), name.toString().trim())));
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(TABLE + ": " + e.getMessage(), e);
        }
    }
}
