package io.cpuidmask.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Test-only re-implementation of how Proxmox VE turns a VM's {@code cpu:} line (and, for
 * {@code custom-NAME}, the matching section of {@code /etc/pve/virtual-guest/cpu-models.conf})
 * into the {@code -cpu} argument it passes to QEMU, so a test can start the real QEMU with exactly
 * what Proxmox would start.
 *
 * <p>Mirrors (function names cited in each step):
 * <ul>
 * <li>proxmox/qemu-server {@code PVE/QemuServer/CPUConfig.pm}, branch {@code stable-7}
 * (qemu-server 7.4-7, commit a103a327, file last changed in d1901fe2; Proxmox VE 7.4 with QEMU 7.2)
 * and, for {@link PveVersion#PVE_8_4}, branch {@code stable-bookworm}
 * ({@code src/PVE/QemuServer/CPUConfig.pm}, qemu-server 8.4.10, commit 5ccd363e);</li>
 * <li>the callers in {@code PVE/QemuServer.pm} ({@code config_to_command}, {@code parse_vm_config},
 * {@code check_type}) and {@code PVE/QemuServer/Helpers.pm} ({@code windows_version},
 * {@code min_version});</li>
 * <li>proxmox/pve-common {@code src/PVE/SectionConfig.pm} ({@code parse_section_header},
 * {@code parse_config}, {@code check_value}) and {@code src/PVE/JSONSchema.pm}
 * ({@code parse_property_string}, {@code check_prop}, {@code parse_boolean}), branch stable-7.</li>
 * </ul>
 * x86_64 only (no aarch64), no AMD SEV, no {@code args:} / {@code forcecpu} override.
 *
 * <p>Data: the model/vendor list, the built-in x86-64-vN models and the VM-flag whitelist below
 * are lists of names taken from CPUConfig.pm of qemu-server (Copyright Proxmox Server Solutions
 * GmbH, licensed AGPL-3.0-or-later). The error and warning texts reproduce Proxmox's wording so
 * tests can compare them. The logic is written anew in Java.
 *
 * <p>Strict mode (default) throws {@link IllegalArgumentException} wherever Proxmox would refuse
 * the configuration ({@code qm set} / API) <em>or</em> would only warn and silently drop a value
 * while reading the files (a bad key in cpu-models.conf is dropped with a warning; a bad
 * {@code cpu:} value is dropped at VM start and the VM runs as kvm64). Lenient mode reproduces the
 * dropping and returns the warnings instead.
 */
public final class ProxmoxCpuArgs {

    private ProxmoxCpuArgs() {
    }

    /** Which qemu-server code to mirror. */
    public enum PveVersion {
        /** qemu-server 7.4-x (branch stable-7), Proxmox VE 7.4, QEMU 7.2. */
        PVE_7_4,
        /** qemu-server 8.4.x (branch stable-bookworm): more reported models, built-in x86-64-vN. */
        PVE_8_4
    }

    /**
     * Inputs beyond the two config texts.
     *
     * @param version         qemu-server code to mirror
     * @param ostype          VM {@code ostype:} ({@code null} = unset; behaves like l26 here)
     * @param kvm             VM {@code kvm:} (false = TCG)
     * @param bios            VM {@code bios:} ({@code null}/"seabios" or "ovmf"); only matters for Windows
     * @param machineVersion  version of the machine type, "7.2" for pc-i440fx-7.2 (Windows VMs without
     *                        {@code machine:} are pinned to 5.1 by get_vm_machine; every check here is &lt;= 3.1)
     * @param xVgaPassthrough a {@code hostpciN: ...,x-vga=1} exists (print_hostpci_devices then sets
     *                        $kvm_off and $gpu_passthrough)
     * @param strict          throw on anything Proxmox would refuse or drop with a warning
     */
    public record Options(PveVersion version, String ostype, boolean kvm, String bios, String machineVersion,
            boolean xVgaPassthrough, boolean strict) {

        public static Options defaults() {
            return new Options(PveVersion.PVE_7_4, "l26", true, null, "7.2", false, true);
        }

        public Options withVersion(PveVersion v) {
            return new Options(v, ostype, kvm, bios, machineVersion, xVgaPassthrough, strict);
        }

        public Options withOstype(String o) {
            return new Options(version, o, kvm, bios, machineVersion, xVgaPassthrough, strict);
        }

        public Options withKvm(boolean k) {
            return new Options(version, ostype, k, bios, machineVersion, xVgaPassthrough, strict);
        }

        public Options withBios(String b) {
            return new Options(version, ostype, kvm, b, machineVersion, xVgaPassthrough, strict);
        }

        public Options withMachineVersion(String m) {
            return new Options(version, ostype, kvm, bios, m, xVgaPassthrough, strict);
        }

        public Options withXVgaPassthrough(boolean x) {
            return new Options(version, ostype, kvm, bios, machineVersion, x, strict);
        }

        public Options withStrict(boolean s) {
            return new Options(version, ostype, kvm, bios, machineVersion, xVgaPassthrough, s);
        }
    }

    /** The {@code -cpu} value and the warnings Proxmox would print on the way. */
    public record Result(String cpu, List<String> warnings) {
        /** The two QEMU argv entries, as config_to_command pushes them (no shell quoting). */
        public List<String> qemuArgs() {
            return List.of("-cpu", cpu);
        }
    }

    /**
     * The {@code -cpu} argument for Proxmox VE 7.4, strict.
     *
     * @param cpuModelsConf text of cpu-models.conf (one or more sections; {@code null} = no file)
     * @param vmCpuLine     value of the VM's {@code cpu:} line, with or without the leading {@code cpu:}
     *                      ({@code null} = no cpu line)
     * @param ostype        VM ostype, {@code null} = "l26"
     * @param kvm           VM {@code kvm:} setting
     */
    public static String cpuArg(String cpuModelsConf, String vmCpuLine, String ostype, boolean kvm) {
        return translate(cpuModelsConf, vmCpuLine,
                Options.defaults().withOstype(ostype == null ? "l26" : ostype).withKvm(kvm)).cpu();
    }

    /** Full variant: see {@link Options}. */
    public static Result translate(String cpuModelsConf, String vmCpuLine, Options o) {
        Model m = o.version() == PveVersion.PVE_8_4 ? Model.PVE84 : Model.PVE74;
        List<String> warnings = new ArrayList<>();

        if (o.strict() && o.ostype() != null && !OSTYPES.contains(o.ostype())) {
            // QemuServer.pm $confdesc->{ostype} enum, as the API (qm set) checks it
            throw new IllegalArgumentException("ostype: value '" + o.ostype()
                    + "' does not have a value in the enumeration '" + String.join(", ", OSTYPES) + "'");
        }

        // cfs_read_file("virtual-guest/cpu-models.conf") -> CPUConfig->parse_config (SectionConfig)
        List<String> confWarnings = new ArrayList<>();
        Map<String, Map<String, String>> models = parseCpuModelsConf(cpuModelsConf, m, confWarnings);
        if (o.strict() && !confWarnings.isEmpty()) {
            // stricter than Proxmox: it only warns, drops the value, and reads the file only when a
            // custom model is looked up; a file cpuidmask writes must parse cleanly as a whole
            throw new IllegalArgumentException(confWarnings.get(0));
        }
        // lenient: Proxmox prints these warnings only once get_custom_model has read the file
        models = new ReadTracking(models, confWarnings, warnings);

        // parse_vm_config: "cpu: VALUE" -> check_type -> check_format('pve-vm-cpu-conf') ->
        // parse_property_string + validate_vm_cpu_conf; on error (non-strict load) the key is dropped.
        String cpuValue = vmCpuValue(vmCpuLine);
        Map<String, String> vmCpu = null;
        if (cpuValue != null) {
            try {
                vmCpu = parseVmCpuConf(cpuValue, m, models);
            } catch (PveError e) {
                if (o.strict()) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                warnings.add("vm <vmid> - unable to parse value of 'cpu' - " + e.getMessage());
            }
        }

        String cpu;
        try {
            cpu = getCpuOptions(vmCpu, models, m, o, warnings);
        } catch (PveError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new Result(cpu, Collections.unmodifiableList(warnings));
    }

    // ---------------------------------------------------------------------------------------------
    // Data (lists of names from CPUConfig.pm, qemu-server, AGPL-3.0-or-later)
    // ---------------------------------------------------------------------------------------------

    private static final String GENUINE_INTEL = "GenuineIntel";
    private static final String AUTHENTIC_AMD = "AuthenticAMD";
    private static final String DEFAULT_VENDOR = "default";

    /** $cpu_vendor_list, stable-7 CPUConfig.pm lines 40-100. */
    private static final Map<String, String> VENDORS_74 = vendorMap(
            new String[] {"486", "pentium", "pentium2", "pentium3", "coreduo", "core2duo", "Conroe", "Penryn",
                    "Nehalem", "Nehalem-IBRS", "Westmere", "Westmere-IBRS", "SandyBridge", "SandyBridge-IBRS",
                    "IvyBridge", "IvyBridge-IBRS", "Haswell", "Haswell-IBRS", "Haswell-noTSX",
                    "Haswell-noTSX-IBRS", "Broadwell", "Broadwell-IBRS", "Broadwell-noTSX",
                    "Broadwell-noTSX-IBRS", "Skylake-Client", "Skylake-Client-IBRS",
                    "Skylake-Client-noTSX-IBRS", "Skylake-Server", "Skylake-Server-IBRS",
                    "Skylake-Server-noTSX-IBRS", "Cascadelake-Server", "Cascadelake-Server-noTSX",
                    "KnightsMill", "Icelake-Client", "Icelake-Client-noTSX", "Icelake-Server",
                    "Icelake-Server-noTSX"},
            new String[] {"athlon", "phenom", "Opteron_G1", "Opteron_G2", "Opteron_G3", "Opteron_G4",
                    "Opteron_G5", "EPYC", "EPYC-IBPB", "EPYC-Rome", "EPYC-Milan"},
            new String[] {"host", "kvm32", "kvm64", "qemu32", "qemu64", "max"},
            new String[0], new String[0]);

    /** $cpu_vendor_list, stable-bookworm src/PVE/QemuServer/CPUConfig.pm lines 80-162: 7.4 plus these. */
    private static final Map<String, String> VENDORS_84 = vendorMap(
            VENDORS_74.entrySet().stream().filter(e -> e.getValue().equals(GENUINE_INTEL)).map(Map.Entry::getKey)
                    .toArray(String[]::new),
            VENDORS_74.entrySet().stream().filter(e -> e.getValue().equals(AUTHENTIC_AMD)).map(Map.Entry::getKey)
                    .toArray(String[]::new),
            VENDORS_74.entrySet().stream().filter(e -> e.getValue().equals(DEFAULT_VENDOR)).map(Map.Entry::getKey)
                    .toArray(String[]::new),
            new String[] {"Skylake-Client-v4", "Skylake-Server-v4", "Skylake-Server-v5", "Cascadelake-Server-v2",
                    "Cascadelake-Server-v4", "Cascadelake-Server-v5", "Cooperlake", "Cooperlake-v2",
                    "Icelake-Server-v3", "Icelake-Server-v4", "Icelake-Server-v5", "Icelake-Server-v6",
                    "SapphireRapids", "SapphireRapids-v2", "GraniteRapids"},
            new String[] {"EPYC-v3", "EPYC-v4", "EPYC-Rome-v2", "EPYC-Rome-v3", "EPYC-Rome-v4", "EPYC-Milan-v2",
                    "EPYC-Genoa"});

    /** $builtin_models (8.x only), stable-bookworm CPUConfig.pm lines 42-62: name -> {reported-model, flags}. */
    private static final Map<String, String[]> BUILTIN_84 = Map.of(
            "x86-64-v2", new String[] {"qemu64", "+popcnt;+pni;+sse4.1;+sse4.2;+ssse3"},
            "x86-64-v2-AES", new String[] {"qemu64", "+aes;+popcnt;+pni;+sse4.1;+sse4.2;+ssse3"},
            "x86-64-v3", new String[] {"qemu64", "+aes;+popcnt;+pni;+sse4.1;+sse4.2;+ssse3;+avx;+avx2;+bmi1;+bmi2;"
                    + "+f16c;+fma;+abm;+movbe;+xsave"},
            "x86-64-v4", new String[] {"qemu64", "+aes;+popcnt;+pni;+sse4.1;+sse4.2;+ssse3;+avx;+avx2;+bmi1;+bmi2;"
                    + "+f16c;+fma;+abm;+movbe;+xsave;+avx512f;+avx512bw;+avx512cd;+avx512dq;+avx512vl"});

    /** $depreacated_cpu_map (both versions). */
    private static final Map<String, String> DEPRECATED = Map.of(
            "Icelake-Client", "Icelake-Server",
            "Icelake-Client-noTSX", "Icelake-Server-noTSX");

    /** @supported_cpu_flags, the VM-specific whitelist, in source order (same list in 7.4 and 8.4). */
    public static final List<String> VM_FLAG_WHITELIST = List.of("pcid", "spec-ctrl", "ibpb", "ssbd", "virt-ssbd",
            "amd-ssbd", "amd-no-ssb", "pdpe1gb", "md-clear", "hv-tlbflush", "hv-evmcs", "aes");

    /** QemuServer.pm $confdesc->{ostype}->{enum} (same in 7.4 and 8.4). */
    private static final List<String> OSTYPES = List.of("other", "wxp", "w2k", "w2k3", "w2k8", "wvista", "win7",
            "win8", "win10", "win11", "l24", "l26", "solaris");

    /** Keys of $cpu_fmt = the options of a cpu-model section and the keys of a VM cpu property string. */
    private static final Set<String> CPU_FMT_KEYS = Set.of("cputype", "reported-model", "hidden", "hv-vendor-id",
            "flags", "phys-bits");

    /** $cpu_fmt->{'reported-model'}->{default}. */
    private static final String DEFAULT_REPORTED_MODEL = "kvm64";

    private static final String SECTION_TYPE = "cpu-model";
    private static final String CONF_FILE = "/etc/pve/virtual-guest/cpu-models.conf"; // cfs ccache_read passes /etc/pve/...

    // $cpu_flag_any_re and $cpu_flag_supported_re; UNIX_LINES so '.', '^', '$' treat only \n as line end (Perl).
    private static final String FLAG_ANY = "([+-])([a-zA-Z0-9\\-_.]+)";
    private static final String FLAG_SUPPORTED = "([+-])(" + String.join("|", VM_FLAG_WHITELIST) + ")";
    private static final Pattern FLAG_ANY_ONE = Pattern.compile(FLAG_ANY, Pattern.UNIX_LINES);
    private static final Pattern FLAG_SUPPORTED_ONE = Pattern.compile(FLAG_SUPPORTED, Pattern.UNIX_LINES);
    private static final Pattern FLAGS_ANY_LIST = Pattern.compile(FLAG_ANY + "(;" + FLAG_ANY + ")*", Pattern.UNIX_LINES);
    private static final Pattern FLAGS_SUPPORTED_LIST = Pattern.compile(FLAG_SUPPORTED + "(;" + FLAG_SUPPORTED + ")*",
            Pattern.UNIX_LINES);
    private static final Pattern HV_VENDOR_ID = Pattern.compile("[a-zA-Z0-9]{1,12}", Pattern.UNIX_LINES);
    private static final Pattern PHYS_BITS_SHAPE = Pattern.compile("host|\\d{1,2}", Pattern.UNIX_LINES);

    // SectionConfig.pm patterns
    private static final Pattern COMMENT = Pattern.compile("^\\s*#", Pattern.UNIX_LINES);
    private static final Pattern SECTION_HEADER = Pattern.compile("(\\S+):\\s*(\\S+)\\s*", Pattern.UNIX_LINES);
    private static final Pattern SECTION_KEY_VALUE = Pattern.compile("\\s+(\\S+)(\\s+(.*\\S))?\\s*", Pattern.UNIX_LINES);
    // JSONSchema.pm parse_property_string
    private static final Pattern PROP_KEY_VALUE = Pattern.compile("([^=]+)=(.+)", Pattern.UNIX_LINES);
    private static final Pattern BLANK = Pattern.compile("\\s*", Pattern.UNIX_LINES);
    // QemuServer.pm parse_vm_config: key line "^([a-z][a-z_]*\d*):\s*(.+?)\s*$"
    private static final Pattern VM_CPU_LINE = Pattern.compile("cpu:\\s*(.+?)\\s*", Pattern.UNIX_LINES);
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
    private static final Pattern WIN_N = Pattern.compile("win(\\d+)");

    /** What differs between the mirrored versions. */
    private enum Model {
        PVE74(VENDORS_74, Map.of()), PVE84(VENDORS_84, BUILTIN_84);

        final Map<String, String> vendors;
        final Map<String, String[]> builtin;
        final List<String> reportedModelEnum;

        Model(Map<String, String> vendors, Map<String, String[]> builtin) {
            this.vendors = vendors;
            this.builtin = builtin;
            // enum => [ sort { lc("$a") cmp lc("$b") } keys %$cpu_vendor_list ]
            List<String> e = new ArrayList<>(vendors.keySet());
            e.sort((a, b) -> a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT)));
            this.reportedModelEnum = List.copyOf(e);
        }
    }

    /** The parsed file, handing its parse warnings on when first read (cfs_read_file in get_custom_model). */
    private static final class ReadTracking extends LinkedHashMap<String, Map<String, String>> {
        private static final long serialVersionUID = 1L;
        private transient List<String> pending;
        private final transient List<String> sink;

        ReadTracking(Map<String, Map<String, String>> parsed, List<String> pending, List<String> sink) {
            super(parsed);
            this.pending = pending;
            this.sink = sink;
        }

        @Override
        public Map<String, String> get(Object key) {
            if (pending != null) {
                sink.addAll(pending);
                pending = null;
            }
            return super.get(key);
        }
    }

    /** A Perl {@code die} message (without the trailing newline). */
    private static final class PveError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PveError(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // cpu-models.conf: SectionConfig::parse_config with CPUConfig's parse_section_header
    // ---------------------------------------------------------------------------------------------

    /** Line source of SectionConfig::parse_config ($nextline): skips comment lines, counts all lines. */
    private static final class Lines {
        private final String[] lines;
        private final int count;
        private int next;
        int lineno;

        Lines(String raw) {
            // split(/\n/, $raw): trailing empty fields are dropped
            String[] all = raw == null ? new String[0] : raw.split("\n", -1);
            int n = all.length;
            while (n > 0 && all[n - 1].isEmpty()) {
                n--;
            }
            this.lines = all;
            this.count = n;
        }

        boolean hasMore() {
            return next < count;
        }

        String nextLine() {
            while (next < count) {
                String line = lines[next++];
                lineno++;
                if (!COMMENT.matcher(line).find()) {
                    return line;
                }
            }
            return null;
        }
    }

    /**
     * SectionConfig::parse_config. Returns section id -> properties (with cputype = "custom-ID").
     * Every Perl {@code warn} goes to {@code warnings}; values that fail are dropped like Proxmox does.
     */
    private static Map<String, Map<String, String>> parseCpuModelsConf(String raw, Model m, List<String> warnings) {
        Map<String, Map<String, String>> ids = new LinkedHashMap<>();
        Lines in = new Lines(raw);
        while (in.hasMore()) {
            String line = in.nextLine();
            if (!perlTrue(line)) {
                continue;
            }
            String errprefix = "file " + CONF_FILE + " line " + in.lineno;

            // SectionConfig::parse_section_header: "TYPE: ID" (no pattern on ID beyond \S+)
            Matcher h = SECTION_HEADER.matcher(line);
            if (!h.matches()) {
                warnings.add(errprefix + " - ignore config line: " + line);
                continue;
            }
            String type = h.group(1);
            String sectionId = h.group(2);
            boolean skip = false;
            if (!SECTION_TYPE.equals(type)) {
                skip = true;
                warnings.add(errprefix + " (skip section '" + sectionId + "'): unsupported type '" + type + "'");
            }
            // CPUConfig::parse_section_header: the name is in the header, cputype is "custom-" . ID
            Map<String, String> config = new LinkedHashMap<>();
            config.put("cputype", "custom-" + sectionId);

            // the section ends at the first empty line (or a line "0") or at the end of the text
            while (perlTrue(line = in.nextLine())) {
                if (skip) {
                    continue;
                }
                errprefix = "file " + CONF_FILE + " line " + in.lineno;
                Matcher kv = SECTION_KEY_VALUE.matcher(line);
                if (!kv.matches()) {
                    warnings.add(errprefix + " (section '" + sectionId + "') - ignore config line: " + line);
                    continue;
                }
                String k = kv.group(1);
                String v = kv.group(3);
                try {
                    // pve-common 8.x first asks for the property's schema (array support): unknown keys
                    // fail there with a different text than 7.x's check_value "unexpected property"
                    if (m == Model.PVE84 && !k.equals("type") && !CPU_FMT_KEYS.contains(k)) {
                        throw new PveError("unknown property type");
                    }
                    if (config.containsKey(k)) {
                        throw new PveError("duplicate attribute");
                    }
                    config.put(k, checkValue(k, v, m));
                } catch (PveError e) {
                    warnings.add(errprefix + " (section '" + sectionId + "') - unable to parse value of '" + k
                            + "': " + e.getMessage());
                }
            }
            if (!skip) {
                // check_config($sectionId, $config, 1, 1): schema checks skipped, all keys already known
                config.put("type", SECTION_TYPE);
                ids.put(sectionId, config); // a later section with the same ID replaces the earlier one
            }
        }
        return ids;
    }

    /** SectionConfig::check_value for type cpu-model (schema = $cpu_fmt). */
    private static String checkValue(String key, String value, Model m) {
        if (key.equals("type") && SECTION_TYPE.equals(value)) {
            return value;
        }
        if (!CPU_FMT_KEYS.contains(key)) {
            throw new PveError("unexpected property '" + key + "'");
        }
        if (key.equals("hidden") && value == null) {
            value = "1"; // a bare boolean key means 1
        }
        if (value == null) {
            throw new PveError("got undefined value");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new PveError("property contains a line feed");
        }
        String err = checkProp(key, value, m);
        if (err != null) {
            throw new PveError(err);
        }
        return value;
    }

    /**
     * JSONSchema::check_prop for one $cpu_fmt property (type, format, pattern, enum in that order).
     *
     * @return the error text, or null
     */
    private static String checkProp(String key, String value, Model m) {
        switch (key) {
            case "hidden":
                // check_type boolean: only '1' or '0' (parse_boolean has already run for property strings)
                return value.equals("1") || value.equals("0") ? null
                        : "type check ('boolean') failed - got '" + value + "'";
            case "phys-bits":
                // format pve-phys-bits -> parse_phys_bits
                return physBitsValid(value) ? null
                        : "invalid format - value must be an integer between 8 and 64 or 'host'";
            case "hv-vendor-id":
                return HV_VENDOR_ID.matcher(value).matches() ? null : "value does not match the regex pattern";
            case "flags":
                return FLAGS_ANY_LIST.matcher(value).matches() ? null : "value does not match the regex pattern";
            case "reported-model":
                return m.vendors.containsKey(value) ? null
                        : "value '" + value + "' does not have a value in the enumeration '"
                                + String.join(", ", m.reportedModelEnum) + "'";
            default: // cputype: plain string
                return null;
        }
    }

    /** CPUConfig::parse_phys_bits: "host" or 8..64 (one or two digits, so "08" passes). */
    private static boolean physBitsValid(String s) {
        if (!PHYS_BITS_SHAPE.matcher(s).matches()) {
            return false;
        }
        if (s.equals("host")) {
            return true;
        }
        int n = Integer.parseInt(s);
        return n >= 8 && n <= 64;
    }

    /** CPUConfig::get_custom_model: accepts the name with or without "custom-"; keeps only true values. */
    private static Map<String, String> getCustomModel(String name, Map<String, Map<String, String>> models) {
        String id = name.startsWith("custom-") ? name.substring("custom-".length()) : name;
        Map<String, String> entry = models.get(id);
        if (entry == null) {
            throw new PveError("Custom cputype '" + id + "' not found");
        }
        Map<String, String> model = new HashMap<>();
        for (String p : CPU_FMT_KEYS) {
            String v = entry.get(p);
            if (perlTrue(v)) {
                model.put(p, v);
            }
        }
        return model;
    }

    private static boolean isCustomModel(String cputype) {
        return cputype.startsWith("custom-"); // CPUConfig::is_custom_model
    }

    // ---------------------------------------------------------------------------------------------
    // VM "cpu:" line: parse_property_string('pve-vm-cpu-conf') + validate_vm_cpu_conf
    // ---------------------------------------------------------------------------------------------

    /** parse_vm_config: strip "cpu:" and surrounding white space. */
    private static String vmCpuValue(String line) {
        if (line == null) {
            return null;
        }
        String l = line.strip();
        Matcher mm = VM_CPU_LINE.matcher(l);
        String v = mm.matches() ? mm.group(1) : l.startsWith("cpu:") ? "" : l;
        return v.isEmpty() ? null : v;
    }

    /** JSONSchema::parse_property_string with $cpu_fmt, then CPUConfig::validate_vm_cpu_conf. */
    private static Map<String, String> parseVmCpuConf(String data, Model m, Map<String, Map<String, String>> models) {
        Map<String, String> res = new LinkedHashMap<>();
        String defaultKey = null;
        for (String part : perlSplit(data, ',')) {
            if (BLANK.matcher(part).matches()) {
                continue;
            }
            Matcher kv = PROP_KEY_VALUE.matcher(part);
            if (kv.matches()) {
                String k = kv.group(1);
                String v = kv.group(2);
                if (res.containsKey(k)) {
                    throw new PveError("duplicate key in comma-separated list property: " + k);
                }
                // an unknown key is not refused here: JSONSchema's "invalid key" check never fires
                // (Perl autovivifies the schema while looking for an alias); check_object reports it
                if (k.equals("hidden")) {
                    String b = parseBoolean(v); // JSONSchema::parse_boolean
                    v = b != null ? b : v;
                }
                res.put(k, v);
            } else if (part.indexOf('=') < 0) {
                // the default key of $cpu_fmt is cputype
                if (defaultKey != null) {
                    throw new PveError("duplicate key in comma-separated list property: " + defaultKey);
                }
                defaultKey = "cputype";
                if (perlTrue(res.get("cputype"))) {
                    throw new PveError("duplicate key in comma-separated list property: cputype");
                }
                res.put("cputype", part);
            } else {
                throw new PveError("missing key in comma-separated list property");
            }
        }

        // check_object: every property against its schema; errors raised together as "format error"
        Map<String, String> errors = new TreeMap<>();
        for (Map.Entry<String, String> e : res.entrySet()) {
            String err = CPU_FMT_KEYS.contains(e.getKey()) ? checkProp(e.getKey(), e.getValue(), m)
                    : "property is not defined in schema and the schema does not allow additional properties";
            if (err != null) {
                errors.put(e.getKey(), err);
            }
        }
        if (!errors.isEmpty()) {
            throw new PveError("format error\n" + errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("\n")));
        }

        // validate_cpu_conf
        String cputype = res.get("cputype");
        if (!perlTrue(cputype)) {
            throw new PveError("CPU is missing cputype");
        }
        // validate_vm_cpu_conf
        if (isCustomModel(cputype)) {
            getCustomModel(cputype, models); // dies on unknown model
        } else if (!m.vendors.containsKey(cputype) && !m.builtin.containsKey(cputype)) {
            throw new PveError("Built-in cputype '" + cputype + "' is not defined (missing 'custom-' prefix?)");
        }
        String flags = res.get("flags");
        if (perlTrue(flags) && !FLAGS_SUPPORTED_LIST.matcher(flags).matches()) {
            throw new PveError("VM-specific CPU flags must be a subset of: " + String.join(", ", VM_FLAG_WHITELIST));
        }
        if (res.containsKey("reported-model")) {
            throw new PveError("Property 'reported-model' not allowed in VM-specific CPU config.");
        }
        return res;
    }

    // ---------------------------------------------------------------------------------------------
    // get_cpu_options and helpers
    // ---------------------------------------------------------------------------------------------

    /** One flag of resolve_cpu_flags: op "+", "-" or "", optional value, reason for override warnings. */
    private static final class Flag {
        final String op;
        final String value;
        String reason;

        Flag(String op, String value, String reason) {
            this.op = op == null ? "" : op;
            this.value = value;
            this.reason = reason == null ? "unknown origin" : reason;
        }

        /** print_cpuflag_hash. */
        String describe(String name) {
            return "'" + op + name + (value != null ? "=" + value : "") + "' (" + reason + ")";
        }
    }

    /** CPUConfig::get_cpu_options (x86_64). */
    private static String getCpuOptions(Map<String, String> vmCpu, Map<String, Map<String, String>> models, Model m,
            Options o, List<String> warnings) {
        boolean kvm = o.kvm();
        String machineVersion = o.machineVersion() == null ? "7.2" : o.machineVersion();
        int winversion = windowsVersion(o.ostype());

        // default model: kvm64 with KVM, qemu64 with TCG (get_default_cpu_type in 8.x)
        String cputype = kvm ? "kvm64" : "qemu64";
        Map<String, String> cpu = vmCpu == null ? Map.of() : vmCpu;
        Map<String, String> customCpu = null;
        String builtinFlags = null;
        boolean kvmOff = o.xVgaPassthrough(); // $kvm_off from print_hostpci_devices
        String hvVendorId = null;

        if (vmCpu != null) {
            cputype = cpu.get("cputype");
            String[] builtin = m.builtin.get(cputype);
            if (builtin != null) { // 8.x: x86-64-vN report qemu64 plus fixed flags
                cputype = builtin[0];
                builtinFlags = builtin[1];
            } else if (isCustomModel(cputype)) {
                customCpu = getCustomModel(cputype, models);
                cputype = customCpu.getOrDefault("reported-model", DEFAULT_REPORTED_MODEL);
                if (customCpu.containsKey("hidden")) {
                    kvmOff = perlTrue(customCpu.get("hidden"));
                }
                hvVendorId = customCpu.get("hv-vendor-id");
            }
            cputype = DEPRECATED.getOrDefault(cputype, cputype);
            // VM-specific settings override the custom model
            if (cpu.containsKey("hidden")) {
                kvmOff = perlTrue(cpu.get("hidden"));
            }
            if (cpu.containsKey("hv-vendor-id")) {
                hvVendorId = cpu.get("hv-vendor-id");
            }
        }

        Map<String, Flag> pveFlags = getPveCpuFlags(o.ostype(), kvm, cputype, machineVersion);
        Map<String, Flag> hvFlags = kvm
                ? getHypervEnlightenments(winversion, machineVersion, o.bios(), o.xVgaPassthrough(), hvVendorId)
                : Map.of();
        Map<String, Flag> builtinCputypeFlags = parseCpuflagList(FLAG_ANY_ONE, "set by builtin CPU model", builtinFlags);
        Map<String, Flag> customCputypeFlags = parseCpuflagList(FLAG_ANY_ONE, "set by custom CPU model",
                customCpu == null ? null : customCpu.get("flags"));
        Map<String, Flag> vmFlags = parseCpuflagList(FLAG_SUPPORTED_ONE, "manually set for VM", cpu.get("flags"));

        Map<String, Flag> forced = new LinkedHashMap<>();
        if (!cputype.equals("host") && kvm) {
            forced.put("enforce", new Flag(null, null, "error if requested CPU settings not available"));
        }
        if (kvmOff) {
            forced.put("kvm", new Flag(null, "off", "hide KVM virtualization from guest"));
        }
        // $cputype is the reported model for custom types: its vendor is forced unless generic
        String vendor = m.vendors.get(cputype);
        if (vendor == null) {
            throw new PveError("internal error");
        }
        if (!vendor.equals(DEFAULT_VENDOR)) {
            forced.put("vendor", new Flag(null, vendor, null));
        }

        // resolved in this order, later lists win
        StringBuilder cpuStr = new StringBuilder(cputype);
        cpuStr.append(resolveCpuFlags(warnings, pveFlags, hvFlags, builtinCputypeFlags, customCputypeFlags, vmFlags,
                forced));

        // phys-bits: custom model first, then the VM line; the last one set wins
        String physBits = "";
        for (Map<String, String> conf : Arrays.asList(customCpu, vmCpu)) {
            if (conf == null) {
                continue;
            }
            String val = conf.get("phys-bits");
            if (!perlTrue(val)) {
                continue;
            }
            physBits = val.equals("host") ? ",host-phys-bits=true" : ",phys-bits=" + val;
        }
        cpuStr.append(physBits);
        return cpuStr.toString();
    }

    /** CPUConfig::get_pve_cpu_flags (x86_64). */
    private static Map<String, Flag> getPveCpuFlags(String ostype, boolean kvm, String cputype, String machineVersion) {
        Map<String, Flag> f = new LinkedHashMap<>();
        String pve = "set by PVE;";
        if (cputype.equals("kvm64")) {
            f.put("lahf_lm", new Flag("+", null, pve + " to support Windows 8.1+"));
        }
        if ("solaris".equals(ostype)) {
            f.put("x2apic", new Flag("-", null, pve + " incompatible with Solaris"));
        }
        if (cputype.equals("kvm64") || cputype.equals("kvm32")) {
            f.put("sep", new Flag("+", null, pve + " to support Windows 8+ and improve Windows XP+"));
        }
        if (cputype.startsWith("Opteron")) {
            f.put("rdtscp", new Flag("-", null, pve + " broken on AMD Opteron"));
        }
        if (minVersion(machineVersion, 2, 3) && kvm) {
            f.put("kvm_pv_unhalt", new Flag("+", null, pve + " to improve Linux guest spinlock performance"));
            f.put("kvm_pv_eoi", new Flag("+", null, pve + " to improve Linux guest interrupt performance"));
        }
        return f;
    }

    /** CPUConfig::get_hyperv_enlightenments (only called with KVM). */
    private static Map<String, Flag> getHypervEnlightenments(int winversion, String machineVersion, String bios,
            boolean gpuPassthrough, String hvVendorId) {
        Map<String, Flag> f = new LinkedHashMap<>();
        if (winversion < 6) {
            return f;
        }
        if ("ovmf".equals(bios) && winversion < 8) {
            return f;
        }
        String reason = "automatic Hyper-V enlightenment for Windows";
        if (gpuPassthrough || hvVendorId != null) {
            f.put("hv_vendor_id", new Flag(null, hvVendorId != null ? hvVendorId : "proxmox",
                    hvVendorId != null ? "custom hv_vendor_id set" : "NVIDIA workaround for GPU passthrough"));
        }
        if (minVersion(machineVersion, 2, 3)) {
            f.put("hv_spinlocks", new Flag(null, "0x1fff", reason));
            f.put("hv_vapic", new Flag(null, null, reason));
            f.put("hv_time", new Flag(null, null, reason));
        } else {
            f.put("hv_spinlocks", new Flag(null, "0xffff", reason));
        }
        if (minVersion(machineVersion, 2, 6)) {
            f.put("hv_reset", new Flag(null, null, reason));
            f.put("hv_vpindex", new Flag(null, null, reason));
            f.put("hv_runtime", new Flag(null, null, reason));
        }
        if (winversion >= 7) {
            String win7 = reason + " 7 and higher";
            f.put("hv_relaxed", new Flag(null, null, win7));
            if (minVersion(machineVersion, 2, 12)) {
                f.put("hv_synic", new Flag(null, null, win7));
                f.put("hv_stimer", new Flag(null, null, win7));
            }
            if (minVersion(machineVersion, 3, 1)) {
                f.put("hv_ipi", new Flag(null, null, win7));
            }
        }
        return f;
    }

    /** CPUConfig::parse_cpuflag_list: ";"-separated, entries not matching the regex are skipped. */
    private static Map<String, Flag> parseCpuflagList(Pattern re, String reason, String list) {
        Map<String, Flag> res = new LinkedHashMap<>();
        if (!perlTrue(list)) {
            return res;
        }
        for (String flag : perlSplit(list, ';')) {
            Matcher mm = re.matcher(flag);
            if (mm.matches()) {
                res.put(mm.group(2), new Flag(mm.group(1), null, reason));
            }
        }
        return res;
    }

    /**
     * CPUConfig::resolve_cpu_flags: merge, later maps win (with Proxmox's warning when op or value
     * changes), then print sorted by flag name as ",OPNAME[=VALUE]".
     */
    @SafeVarargs
    private static String resolveCpuFlags(List<String> warnings, Map<String, Flag>... lists) {
        Map<String, Flag> flags = new TreeMap<>(); // Perl "sort keys": plain string order
        for (Map<String, Flag> list : lists) {
            for (Map.Entry<String, Flag> e : list.entrySet()) {
                String name = e.getKey();
                Flag flag = e.getValue();
                Flag old = flags.get(name);
                if (old != null) {
                    boolean valueChanged = (flag.value != null) != (old.value != null)
                            || (flag.value != null && !flag.value.equals(old.value));
                    if (old.op.equals(flag.op) && !valueChanged) {
                        old.reason += " & " + flag.reason;
                        continue;
                    }
                    warnings.add("warning: CPU flag/setting " + flag.describe(name) + " overwrites "
                            + old.describe(name));
                }
                flags.put(name, flag);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Flag> e : flags.entrySet()) {
            sb.append(',').append(e.getValue().op).append(e.getKey());
            if (perlTrue(e.getValue().value)) {
                sb.append('=').append(e.getValue().value);
            }
        }
        return sb.toString();
    }

    /** Helpers::windows_version. */
    private static int windowsVersion(String ostype) {
        if (ostype == null || ostype.isEmpty()) {
            return 0;
        }
        switch (ostype) {
            case "wxp":
            case "w2k3":
            case "w2k":
                return 5;
            case "w2k8":
            case "wvista":
                return 6;
            default:
                Matcher mm = WIN_N.matcher(ostype);
                return mm.matches() ? Integer.parseInt(mm.group(1)) : 0;
        }
    }

    /** Helpers::min_version for major.minor (no +pveN part is asked for by CPUConfig). */
    private static boolean minVersion(String version, int major, int minor) {
        Matcher mm = VERSION.matcher(version);
        if (!mm.find()) {
            throw new PveError("internal error: cannot check version of invalid string '" + version + "'");
        }
        int a = Integer.parseInt(mm.group(1));
        int b = Integer.parseInt(mm.group(2));
        return a > major || (a == major && b >= minor);
    }

    /** JSONSchema::parse_boolean. */
    private static String parseBoolean(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        if (l.equals("1") || l.equals("on") || l.equals("yes") || l.equals("true")) {
            return "1";
        }
        if (l.equals("0") || l.equals("off") || l.equals("no") || l.equals("false")) {
            return "0";
        }
        return null;
    }

    /** Perl truth of a scalar string: undef, "" and "0" are false. */
    private static boolean perlTrue(String s) {
        return s != null && !s.isEmpty() && !s.equals("0");
    }

    /** Perl split(/C/, $s): trailing empty fields dropped, leading ones kept. */
    private static List<String> perlSplit(String s, char sep) {
        List<String> out = new ArrayList<>(List.of(s.split(Pattern.quote(String.valueOf(sep)), -1)));
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static Map<String, String> vendorMap(String[] intel, String[] amd, String[] generic, String[] moreIntel,
            String[] moreAmd) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String s : intel) {
            v.put(s, GENUINE_INTEL);
        }
        for (String s : moreIntel) {
            v.put(s, GENUINE_INTEL);
        }
        for (String s : amd) {
            v.put(s, AUTHENTIC_AMD);
        }
        for (String s : moreAmd) {
            v.put(s, AUTHENTIC_AMD);
        }
        for (String s : generic) {
            v.put(s, DEFAULT_VENDOR);
        }
        return Collections.unmodifiableMap(v);
    }
}
