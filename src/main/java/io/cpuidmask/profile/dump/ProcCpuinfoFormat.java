package io.cpuidmask.profile.dump;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Numbers;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.yaml.TextLines;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux {@code /proc/cpuinfo} (x86), processor 0 only. It has no registers: leaf 0 comes from
 * vendor_id and "cpuid level", leaf 1 EAX from family/model/stepping, and the feature registers
 * from the flag names, bit by bit through the feature catalogue's Linux names. A bit without a
 * Linux name cannot be known; registers with such bits are listed in the notes and warned about.
 */
public final class ProcCpuinfoFormat implements DumpFormat {

    private static final Pattern DETECT_VENDOR = Pattern.compile("(?m)^vendor_id\\s*:");
    private static final Pattern DETECT_FLAGS = Pattern.compile("(?m)^flags\\s*:");
    private static final Pattern FIELD = Pattern.compile("^([A-Za-z][A-Za-z0-9 _()-]*?)\\s*:\\s?(.*)$");
    private static final RegisterKey POWER_MANAGEMENT = RegisterKey.of(0x8000_0007L, Register.EDX);
    private static final RegisterKey AMD_EXT_EDX = RegisterKey.of(0x8000_0001L, Register.EDX);
    private static final RegisterKey STD_EDX = RegisterKey.of(1, Register.EDX);

    private final Supplier<FeatureCatalog> catalog;

    public ProcCpuinfoFormat() {
        this(FeatureCatalogs::shipped);
    }

    public ProcCpuinfoFormat(Supplier<FeatureCatalog> catalog) {
        this.catalog = catalog;
    }

    /** One "key : value" line. */
    private record Field(String value, int line) {
    }

    @Override
    public String id() {
        return "cpuinfo";
    }

    @Override
    public String title() {
        return "Linux /proc/cpuinfo flags";
    }

    @Override
    public boolean detect(String text) {
        return DETECT_VENDOR.matcher(text).find() && DETECT_FLAGS.matcher(text).find();
    }

    @Override
    public DumpReading read(String file, String text) {
        TextLines lines = TextLines.of(text);
        List<InputError> errors = new ArrayList<>();
        Map<String, Field> fields = firstProcessor(file, lines, errors);
        Field vendorField = fields.get("vendor_id");
        Field flagsField = fields.get("flags");
        if (errors.isEmpty() && (vendorField == null || flagsField == null)) {
            errors.add(new InputError(file, 1, "no processor block with vendor_id and flags lines"));
        }
        if (!errors.isEmpty()) {
            return DumpReading.failed(errors);
        }
        FeatureCatalog features;
        try {
            features = catalog.get();
        } catch (RuntimeException e) {
            return DumpReading.failed(List.of(new InputError(file, flagsField.line(),
                    "the feature catalogue needed to decode flags is unavailable: " + e.getMessage())));
        }
        String vendor = vendorField.value().trim();
        DumpedCpu cpu = new DumpedCpu();
        List<String> notes = new ArrayList<>();
        putLeaf0(file, cpu, vendor, vendorField, fields.get("cpuid level"), errors);
        putSignature(file, cpu, fields, errors);
        if (!errors.isEmpty()) {
            return DumpReading.failed(errors);
        }
        Set<String> flags = tokens(flagsField.value());
        Field pmField = fields.get("power management");
        Set<String> pm = pmField == null ? Set.of() : tokens(pmField.value());
        Map<RegisterKey, List<String>> unknownBits = putFeatureRegisters(features, vendor, flags, flagsField, pm,
                pmField, cpu, notes);
        notes.add(0, "built from the flags of processor 0 (Linux names): the kernel leaves out flags it does not"
                + " know or has disabled, so a set bit is reliable, a clear bit less so.");
        notes.add(1, "leaf 1 eax rebuilt from cpu family/model/stepping (processor type bits 13:12 taken as 0).");
        List<InputError> warnings = new ArrayList<>();
        if (!unknownBits.isEmpty()) {
            for (Map.Entry<RegisterKey, List<String>> e : unknownBits.entrySet()) {
                notes.add(e.getKey().label() + " is not fully determined by the flags: no Linux flag for "
                        + String.join(", ", e.getValue()) + " (written as 0).");
            }
            warnings.add(new InputError(file, flagsField.line(), "/proc/cpuinfo flags cannot fully determine "
                    + String.join(", ", unknownBits.keySet().stream().map(RegisterKey::label).toList())
                    + "; bits without a Linux flag are written as 0 and listed in the profile comment"));
        }
        Field model = fields.get("model name");
        return new DumpReading(cpu, "processor 0", vendor, model == null ? "" : model.value().trim(), notes, warnings,
                List.of());
    }

    /** The fields of the first processor block; the block ends at a blank line or the next "processor". */
    private static Map<String, Field> firstProcessor(String file, TextLines lines, List<InputError> errors) {
        Map<String, Field> fields = new LinkedHashMap<>();
        boolean inBlock = false;
        for (int n = 1; n <= lines.count(); n++) {
            String l = lines.line(n);
            if (l.isBlank()) {
                if (inBlock && fields.containsKey("vendor_id")) {
                    break;
                }
                continue;
            }
            Matcher m = FIELD.matcher(l);
            if (!m.matches()) {
                continue;
            }
            String key = m.group(1).trim().toLowerCase(Locale.ROOT);
            if (key.equals("processor")) {
                if (inBlock && fields.containsKey("vendor_id")) {
                    break;
                }
                inBlock = true;
                fields.clear();
            }
            if (lines.unterminated(n)) {
                errors.add(new InputError(file, n, "file ends in the middle of the line " + DumpText.quote(l)
                        + " of processor 0 (truncated?)"));
                break;
            }
            inBlock = true;
            fields.putIfAbsent(key, new Field(m.group(2), n));
        }
        return fields;
    }

    private static void putLeaf0(String file, DumpedCpu cpu, String vendor, Field vendorField, Field level,
                                 List<InputError> errors) {
        if (level != null) {
            try {
                cpu.putRegister(RegisterKey.of(0, Register.EAX),
                        (int) Numbers.parseUnsigned(level.value(), 0xFFFF_FFFFL, "cpuid level"), level.line());
            } catch (IllegalArgumentException e) {
                errors.add(new InputError(file, level.line(), "cpuid level " + DumpText.quote(level.value())
                        + " is not a number"));
            }
        }
        byte[] b = vendor.getBytes(StandardCharsets.US_ASCII);
        if (b.length != 12 || !vendor.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            errors.add(new InputError(file, vendorField.line(), "vendor_id " + DumpText.quote(vendor)
                    + " is not a 12-character CPU vendor string"));
            return;
        }
        // CPUID leaf 0 spells the vendor in EBX, EDX, ECX, little-endian.
        cpu.putRegister(RegisterKey.of(0, Register.EBX), word(b, 0), vendorField.line());
        cpu.putRegister(RegisterKey.of(0, Register.EDX), word(b, 4), vendorField.line());
        cpu.putRegister(RegisterKey.of(0, Register.ECX), word(b, 8), vendorField.line());
    }

    /** Leaf 1 EAX from the display family/model/stepping (docs/DOMAIN.md (CPUID in brief), inverted). */
    private static void putSignature(String file, DumpedCpu cpu, Map<String, Field> fields, List<InputError> errors) {
        Field family = fields.get("cpu family");
        Field model = fields.get("model");
        Field stepping = fields.get("stepping");
        if (family == null || model == null || stepping == null) {
            return;
        }
        try {
            int f = Numbers.parseInt(family.value(), Integer.MAX_VALUE, "cpu family");
            int m = Numbers.parseInt(model.value(), Integer.MAX_VALUE, "model");
            int s = Numbers.parseInt(stepping.value(), Integer.MAX_VALUE, "stepping");
            if (f < 0 || f > 0xF + 0xFF || m < 0 || m > 0xFF || s < 0 || s > 0xF) {
                throw new NumberFormatException("out of range");
            }
            int baseFamily = Math.min(f, 0xF);
            int extFamily = f >= 0xF ? f - 0xF : 0;
            boolean extModel = baseFamily == 6 || baseFamily == 0xF;
            if (!extModel && m > 0xF) {
                throw new NumberFormatException("model above 15 needs family 6 or 15+");
            }
            int eax = extFamily << 20 | (extModel ? (m >> 4) << 16 : 0) | baseFamily << 8 | (m & 0xF) << 4 | s;
            cpu.putRegister(RegisterKey.of(1, Register.EAX), eax, family.line());
        } catch (IllegalArgumentException e) {
            errors.add(new InputError(file, family.line(), "cpu family/model/stepping ("
                    + family.value().trim() + "/" + model.value().trim() + "/" + stepping.value().trim()
                    + ") do not make a CPUID signature"));
        }
    }

    /**
     * Sets every catalogued feature register from the flags; returns, per register, the names of
     * the bits (defined for this vendor) that no flag can tell.
     */
    private static Map<RegisterKey, List<String>> putFeatureRegisters(FeatureCatalog catalog, String vendor,
            Set<String> flags, Field flagsField, Set<String> pm, Field pmField, DumpedCpu cpu, List<String> notes) {
        Map<RegisterKey, Integer> values = new TreeMap<>();
        Map<RegisterKey, List<String>> unknown = new TreeMap<>();
        for (Feature f : catalog.features()) {
            values.putIfAbsent(f.getKey(), 0);
        }
        List<Feature> deferred = new ArrayList<>();
        for (Feature f : catalog.features()) {
            if (f.isReserved()) {
                continue;
            }
            if (f.getLinuxName() != null) {
                // A flag the kernel prints means the bit is set, even where the catalogue calls it
                // another vendor's bit (KVM shows Intel's TSC_DEADLINE on AMD hosts, for one).
                Set<String> names = f.getKey().equals(POWER_MANAGEMENT) ? union(flags, pm) : flags;
                if (names.contains(f.getLinuxName().toLowerCase(Locale.ROOT))) {
                    values.merge(f.getKey(), 1 << f.getBit(), (a, b) -> a | b);
                }
            } else if (f.appliesTo(vendor)) {
                deferred.add(f); // another vendor's bit without a flag reads as 0 here
            }
        }
        for (Feature f : deferred) {
            Integer inferred = infer(catalog, f, flags, values);
            if (inferred == null) {
                unknown.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f.getName());
            } else {
                values.merge(f.getKey(), inferred << f.getBit(), (a, b) -> a | b);
            }
        }
        if (deferred.stream().anyMatch(f -> f.getName().equals("OSXSAVE"))) {
            notes.add("00000001.ecx bit 27 OSXSAVE follows the xsave flag (Linux turns XSAVE on when the CPU has it).");
        }
        if (deferred.stream().anyMatch(f -> f.getKey().equals(AMD_EXT_EDX) && infer(catalog, f, flags, values) != null)) {
            notes.add("80000001.edx bits that AMD copies from 00000001.edx are taken from the 00000001.edx flags.");
        }
        for (Map.Entry<RegisterKey, Integer> e : values.entrySet()) {
            int line = e.getKey().equals(POWER_MANAGEMENT) && pmField != null && !pm.isEmpty()
                    ? pmField.line() : flagsField.line();
            cpu.putRegister(e.getKey(), e.getValue(), line);
        }
        return unknown;
    }

    /**
     * A bit Linux prints no flag for but that follows from others: OSXSAVE (set by Linux whenever
     * it uses XSAVE) and AMD's copies of 1.EDX bits in 0x80000001.EDX. Null when it cannot be told.
     */
    private static Integer infer(FeatureCatalog catalog, Feature f, Set<String> flags, Map<RegisterKey, Integer> values) {
        if (f.getName().equals("OSXSAVE")) {
            return flags.contains("xsave") ? 1 : 0;
        }
        if (f.getKey().equals(AMD_EXT_EDX) && f.getName().endsWith("_AMD")) {
            String base = f.getName().substring(0, f.getName().length() - 4);
            Feature original = catalog.byName(base).orElse(null);
            if (original != null && original.getKey().equals(STD_EDX) && original.getBit() == f.getBit()
                    && original.getLinuxName() != null) {
                return (values.getOrDefault(STD_EDX, 0) >>> f.getBit()) & 1;
            }
        }
        return null;
    }

    private static Set<String> tokens(String value) {
        Set<String> s = new HashSet<>(Arrays.asList(value.trim().toLowerCase(Locale.ROOT).split("\\s+")));
        s.remove("");
        return s;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return s;
    }

    private static int word(byte[] b, int offset) {
        return (b[offset] & 0xff) | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff) << 16 | (b[offset + 3] & 0xff) << 24;
    }
}
