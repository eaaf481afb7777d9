package io.cpuidmask.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Test-only bridge to Xen's own xl.cfg parsers, through JNA: {@code libxlutil} (the xl.cfg
 * syntax) and {@code libxenlight} (the {@code cpuid} setting), both of Xen 4.17 as Debian 12
 * ships them in {@code libxenmisc4.17}. Absent ({@link #load()} empty, {@link #assumeInstalled()} a
 * skipped test with the reason) where those libraries are not installed.
 *
 * <p>What libxl parsed is read back through libxl's own public serialiser,
 * {@code libxl_cpuid_policy_list_gen_json} (libxl_json.h), into a {@link Policy}: no layout of
 * libxl's private structures is assumed.
 */
public final class Libxl {

    /** XEN_CPUID_INPUT_UNUSED: a libxl entry for a leaf without subleaves. */
    public static final long NO_SUBLEAF = 0xFFFF_FFFFL;

    private static final String[] REGISTERS = {"eax", "ebx", "ecx", "edx"};
    private static final int ERROR_NOMEM = -5; // libxl_types.idl, libxl_error

    private static volatile Optional<Libxl> loaded;
    private static volatile String absence = "";

    private final XenLight xl;
    private final XlUtil xlu;
    private final Yajl yajl;
    private final C libc;
    private final Path xenlightFile;

    private Libxl(XenLight xl, XlUtil xlu, Yajl yajl, C libc, Path xenlightFile) {
        this.xl = xl;
        this.xlu = xlu;
        this.yajl = yajl;
        this.libc = libc;
        this.xenlightFile = xenlightFile;
    }

    /** libxenlight and libxlutil of Xen 4.17, or empty (see {@link #absenceReason()}) without them. */
    public static synchronized Optional<Libxl> load() {
        if (loaded == null) {
            loaded = tryLoad();
        }
        return loaded;
    }

    /** {@link #load()}, or a JUnit assumption failure naming the missing packages. */
    public static Libxl assumeInstalled() {
        Optional<Libxl> l = load();
        Assumptions.assumeTrue(l.isPresent(), () -> absenceReason());
        return l.get();
    }

    /** Why {@link #load()} is empty; blank when it is not. */
    public static String absenceReason() {
        load();
        return absence;
    }

    private static Optional<Libxl> tryLoad() {
        try {
            NativeLibrary xenlight = NativeLibrary.getInstance("libxenlight.so.4.17");
            XenLight xl = Native.load("libxenlight.so.4.17", XenLight.class);
            XlUtil xlu = Native.load("libxlutil.so.4.17", XlUtil.class);
            Yajl yajl = Native.load("libyajl.so.2", Yajl.class);
            C libc = Native.load("c", C.class);
            return Optional.of(new Libxl(xl, xlu, yajl, libc, xenlightFile(xenlight)));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            absence = "Xen 4.17 libxl not installed (Debian: libxenmisc4.17): libxl cross-check skipped ("
                    + e.getMessage() + ")";
            return Optional.empty();
        }
    }

    /** The file the dynamic linker mapped for libxenlight (JNA only knows the name it was asked for). */
    private static Path xenlightFile(NativeLibrary lib) {
        lib.getFunction("libxl_cpuid_parse_config"); // mapped now
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(f -> f.startsWith("/") && f.contains("/libxenlight.so"))
                    .map(Path::of).findFirst().orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /** The libxenlight shared object that was loaded (for scanning its strings), or null if JNA cannot tell. */
    public Path xenlightFile() {
        return xenlightFile;
    }

    // ---------------------------------------------------------------------------------------------
    // The cpuid key of a whole xl.cfg, as xl reads it

    /**
     * Parses a whole xl.cfg text and then its {@code cpuid} key the way {@code xl create} does,
     * returning every message xl would print (xl prints them and goes on) and what libxl made of it.
     *
     * <p>Xen 4.17 {@code tools/xl/xl_parse.c}, {@code parse_config_data()}:
     * {@code xlu_cfg_init(stderr, config_source)}, {@code xlu_cfg_readdata(config, data, len)} (on
     * failure "Failed to parse config: %s" with strerror, and exit). Then
     * {@code switch (xlu_cfg_get_list(config, "cpuid", &cpuids, 0, 1))}: for a list (case 0),
     * {@code libxl_cpuid_parse_config_xend(&b_info->cpuid, item)} for every item, printing
     * {@code while parsing CPUID line: "%s":} and {@code error #%i: %s} for a non-zero result; for a
     * string (case EINVAL), {@code xlu_cfg_get_string(config, "cpuid", &buf, 0)}, then
     * {@code strtok_r(buf, ",")}: the first token must be {@code host} (else "first word must be
     * \"host\"" and the rest is ignored), and every further token goes to
     * {@code libxl_cpuid_parse_config(&b_info->cpuid, p)}, printing
     * {@code while parsing CPUID flag: "%s":} and {@code error #%i: %s} for a non-zero result.
     * Messages are given here as xl prints them, the two lines joined by a space.
     */
    public Config parseConfig(String xlCfg) {
        PointerByReference reportBuf = new PointerByReference();
        LongByReference reportLen = new LongByReference();
        Pointer report = libc.open_memstream(reportBuf, reportLen);
        if (report == null) {
            throw new IllegalStateException("open_memstream failed");
        }
        List<String> errors = new ArrayList<>();
        PointerByReference policy = new PointerByReference(Pointer.NULL);
        Pointer cfg = xlu.xlu_cfg_init(report, "xl.cfg");
        try {
            if (cfg == null) {
                throw new IllegalStateException("xlu_cfg_init: out of memory");
            }
            byte[] data = xlCfg.getBytes(StandardCharsets.UTF_8);
            int e = xlu.xlu_cfg_readdata(cfg, data, data.length);
            if (e != 0) {
                errors.addAll(drain(report, reportBuf, reportLen));
                errors.add("Failed to parse config: " + libc.strerror(e));
                return new Config(errors, Policy.EMPTY);
            }
            PointerByReference list = new PointerByReference();
            int r = xlu.xlu_cfg_get_list(cfg, "cpuid", list, Pointer.NULL, 1);
            if (r == 0) {
                Pointer item;
                for (int i = 0; (item = xlu.xlu_cfg_get_listitem(list.getValue(), i)) != null; i++) {
                    String buf = item.getString(0, "UTF-8");
                    int rc = xl.libxl_cpuid_parse_config_xend(policy, buf);
                    if (rc != 0) {
                        errors.add("while parsing CPUID line: \"" + buf + "\": error #" + rc + ": " + xendError(rc));
                    }
                }
            } else if (r == EINVAL) {
                PointerByReference value = new PointerByReference();
                if (xlu.xlu_cfg_get_string(cfg, "cpuid", value, 0) == 0) {
                    String buf = value.getValue().getString(0, "UTF-8");
                    List<String> tokens = strtok(buf);
                    if (!tokens.isEmpty()) {
                        if (!tokens.get(0).equals("host")) {
                            errors.add("while parsing CPUID string: \"" + buf + "\": error: first word must be \"host\"");
                        } else {
                            for (String p : tokens.subList(1, tokens.size())) {
                                int rc = xl.libxl_cpuid_parse_config(policy, p);
                                if (rc != 0) {
                                    errors.add("while parsing CPUID flag: \"" + p + "\": error #" + rc + ": "
                                            + flagError(rc));
                                }
                            }
                        }
                    }
                }
            }
            errors.addAll(drain(report, reportBuf, reportLen));
            return new Config(errors, readBack(policy));
        } finally {
            if (cfg != null) {
                xlu.xlu_cfg_destroy(cfg);
            }
            libc.fclose(report);
            libc.free(reportBuf.getValue());
            xl.libxl_cpuid_dispose(policy);
        }
    }

    /** strtok_r(s, ","): the non-empty pieces between commas. */
    private static List<String> strtok(String s) {
        List<String> out = new ArrayList<>();
        for (String t : s.split(",", -1)) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Lines xlu wrote to its report stream so far (warnings, syntax errors). */
    private List<String> drain(Pointer report, PointerByReference buf, LongByReference len) {
        libc.fflush(report);
        if (buf.getValue() == null || len.getValue() == 0) {
            return List.of();
        }
        String text = new String(buf.getValue().getByteArray(0, (int) len.getValue()), StandardCharsets.UTF_8);
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    private static final int EINVAL = 22;

    // Messages of tools/xl/xl_parse.c (Xen 4.17) for the results of the two libxl parsers.
    private static String xendError(int rc) {
        return switch (rc) {
            case 1 -> "illegal leaf number";
            case 2 -> "illegal subleaf number";
            case 3 -> "missing colon";
            case 4 -> "invalid register name (must be e[abcd]x)";
            case 5 -> "policy string must be exactly 32 characters long";
            default -> "unknown error";
        };
    }

    private static String flagError(int rc) {
        return switch (rc) {
            case 1 -> "missing \"=\" in key=value";
            case 2 -> "unknown CPUID flag name";
            case 3 -> "illegal CPUID value (must be: [0|1|x|k|s])";
            case ERROR_NOMEM -> "out of memory";
            default -> "unknown error";
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Single calls

    /** One {@code libxl_cpuid_parse_config(&policy, keyValue)} on an empty policy ("fsrm=0"). */
    public Result parseFlag(String keyValue) {
        return parseOne(keyValue, true);
    }

    /** One {@code libxl_cpuid_parse_config_xend(&policy, item)} on an empty policy ("0x00000001:ecx=..."). */
    public Result parseXend(String item) {
        return parseOne(item, false);
    }

    private Result parseOne(String s, boolean flag) {
        PointerByReference policy = new PointerByReference(Pointer.NULL);
        try {
            int rc = flag ? xl.libxl_cpuid_parse_config(policy, s) : xl.libxl_cpuid_parse_config_xend(policy, s);
            return new Result(rc, readBack(policy));
        } finally {
            xl.libxl_cpuid_dispose(policy);
        }
    }

    /**
     * Every name libxl_cpuid_parse_config accepts, with what {@code NAME=0} alone sets. libxl
     * compares names with strcmp against string literals of libxenlight (its cpuid_flags[] and
     * INIT_FEATURE_NAMES), so every accepted name is a NUL-terminated string of that file, or the
     * tail of one (the linker may store a literal as the end of a longer one): this tries each
     * such tail made of name characters ([A-Za-z0-9_.+-]).
     */
    public synchronized SortedMap<String, Policy> flagNames() throws IOException {
        if (flagNames == null) {
            if (xenlightFile == null) {
                throw new IOException("cannot tell which file libxenlight was loaded from");
            }
            byte[] so = Files.readAllBytes(xenlightFile);
            SortedSet<String> candidates = new TreeSet<>();
            int start = 0;
            for (int i = 0; i < so.length; i++) {
                if (so[i] == 0) {
                    int j = i;
                    while (j > start && isNameChar(so[j - 1])) {
                        j--;
                    }
                    for (int k = j; k < i; k++) {
                        candidates.add(new String(so, k, i - k, StandardCharsets.ISO_8859_1));
                    }
                    start = i + 1;
                }
            }
            SortedMap<String, Policy> names = new TreeMap<>();
            for (String c : candidates) {
                Result r = parseFlag(c + "=0");
                if (r.accepted()) {
                    names.put(c, r.policy());
                }
            }
            flagNames = Collections.unmodifiableSortedMap(names);
        }
        return flagNames;
    }

    private SortedMap<String, Policy> flagNames;

    private static boolean isNameChar(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                || b == '_' || b == '-' || b == '.' || b == '+';
    }

    /** What a policy list holds, through libxl_cpuid_policy_list_gen_json. */
    private Policy readBack(PointerByReference policy) {
        Pointer gen = yajl.yajl_gen_alloc(Pointer.NULL);
        if (gen == null) {
            throw new IllegalStateException("yajl_gen_alloc failed");
        }
        try {
            int s = xl.libxl_cpuid_policy_list_gen_json(gen, policy);
            if (s != 0) {
                throw new IllegalStateException("libxl_cpuid_policy_list_gen_json: yajl_gen_status " + s);
            }
            PointerByReference buf = new PointerByReference();
            LongByReference len = new LongByReference();
            s = yajl.yajl_gen_get_buf(gen, buf, len);
            if (s != 0) {
                throw new IllegalStateException("yajl_gen_get_buf: yajl_gen_status " + s);
            }
            return Policy.fromJson(new String(buf.getValue().getByteArray(0, (int) len.getValue()),
                    StandardCharsets.UTF_8));
        } finally {
            yajl.yajl_gen_free(gen);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Results

    /** Every message xl would print for the cpuid key, and the policy libxl built from it. */
    public record Config(List<String> errors, Policy policy) {
        public Config {
            errors = List.copyOf(errors);
        }
    }

    /** A libxl parser's return code (0 accepted) and the policy it built. */
    public record Result(int rc, Policy policy) {
        public boolean accepted() {
            return rc == 0;
        }
    }

    /**
     * One bit libxl sets to something other than {@code x} (keep the default): {@code value} is
     * {@code 0}, {@code 1}, {@code k} or {@code s}. {@code subleaf} is {@link #NO_SUBLEAF} for an entry
     * without one.
     */
    public record Setting(long leaf, long subleaf, String register, int bit, char value) {
        @Override
        public String toString() {
            return String.format("0x%08x%s:%s/%d=%c", leaf, subleaf == NO_SUBLEAF ? "" : String.format(",0x%02x", subleaf),
                    register, bit, value);
        }
    }

    /** One libxl cpuid entry: leaf, subleaf and the 32-character policy of each register it has. */
    public record CpuidEntry(long leaf, long subleaf, Map<String, String> registers) {
        public CpuidEntry {
            registers = Map.copyOf(registers);
        }
    }

    /** One libxl MSR entry: index and its 64-character policy, bit 63 first. */
    public record MsrEntry(long index, String policy) {
    }

    /** What libxl holds in a {@code libxl_cpuid_policy_list}, in its order. */
    public record Policy(List<CpuidEntry> cpuid, List<MsrEntry> msr) {

        static final Policy EMPTY = new Policy(List.of(), List.of());

        public Policy {
            cpuid = List.copyOf(cpuid);
            msr = List.copyOf(msr);
        }

        /** Every CPUID bit not left at {@code x}, by leaf, subleaf, register and bit (low bit first). */
        public List<Setting> settings() {
            List<Setting> out = new ArrayList<>();
            for (CpuidEntry e : cpuid) {
                for (String reg : REGISTERS) {
                    String p = e.registers().get(reg);
                    if (p == null) {
                        continue;
                    }
                    for (int bit = 0; bit < 32; bit++) {
                        char c = p.charAt(31 - bit);
                        if (c != 'x') {
                            out.add(new Setting(e.leaf(), e.subleaf(), reg, bit, c));
                        }
                    }
                }
            }
            return out;
        }

        /** MSR bits not left at {@code x}, as "0x10a/bit=value". */
        public List<String> msrSettings() {
            List<String> out = new ArrayList<>();
            for (MsrEntry m : msr) {
                for (int bit = 0; bit < 64; bit++) {
                    char c = m.policy().charAt(63 - bit);
                    if (c != 'x') {
                        out.add(String.format("0x%x/%d=%c", m.index(), bit, c));
                    }
                }
            }
            return out;
        }

        static Policy fromJson(String json) {
            try {
                JsonNode root = new ObjectMapper().readTree(json);
                List<CpuidEntry> cpuid = new ArrayList<>();
                for (JsonNode e : root.path("cpuid")) {
                    Map<String, String> regs = new LinkedHashMap<>();
                    for (String reg : REGISTERS) {
                        if (e.has(reg)) {
                            regs.put(reg, e.get(reg).asText());
                        }
                    }
                    cpuid.add(new CpuidEntry(e.path("leaf").asLong(NO_SUBLEAF), e.has("subleaf")
                            ? e.get("subleaf").asLong() : NO_SUBLEAF, regs));
                }
                List<MsrEntry> msr = new ArrayList<>();
                for (JsonNode m : root.path("msr")) {
                    msr.add(new MsrEntry(m.path("index").asLong(), m.path("policy").asText()));
                }
                return new Policy(cpuid, msr);
            } catch (IOException e) {
                throw new UncheckedIOException("libxl_cpuid_policy_list_gen_json wrote no JSON: " + json, e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The C functions (Xen 4.17 libxl.h, libxl_json.h, libxlutil.h; yajl_gen.h; stdio.h)

    interface XenLight extends Library {
        int libxl_cpuid_parse_config(PointerByReference policy, String str);

        int libxl_cpuid_parse_config_xend(PointerByReference policy, String str);

        void libxl_cpuid_dispose(PointerByReference policy);

        int libxl_cpuid_policy_list_gen_json(Pointer yajlGen, PointerByReference policy);
    }

    interface XlUtil extends Library {
        Pointer xlu_cfg_init(Pointer report, String reportFilename);

        int xlu_cfg_readdata(Pointer cfg, byte[] data, int length);

        void xlu_cfg_destroy(Pointer cfg);

        int xlu_cfg_get_list(Pointer cfg, String name, PointerByReference list, Pointer entries, int dontWarn);

        Pointer xlu_cfg_get_listitem(Pointer list, int entry);

        int xlu_cfg_get_string(Pointer cfg, String name, PointerByReference value, int dontWarn);
    }

    interface Yajl extends Library {
        Pointer yajl_gen_alloc(Pointer allocFuncs);

        int yajl_gen_get_buf(Pointer gen, PointerByReference buf, LongByReference len);

        void yajl_gen_free(Pointer gen);
    }

    interface C extends Library {
        Pointer open_memstream(PointerByReference buf, LongByReference size);

        int fflush(Pointer stream);

        int fclose(Pointer stream);

        void free(Pointer p);

        String strerror(int errnum);
    }

    @Override
    public String toString() {
        return "libxl (" + xenlightFile + ")";
    }
}
