package io.cpuidmask.profile.dump;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Numbers;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * vSphere {@code HostCpuIdInfo} lists as PowerCLI writes them
 * ({@code $vmhost.ExtensionData.Hardware.CpuFeature | ConvertTo-Json}): objects with Level,
 * Vendor and Eax..Edx as 32-digit bit strings ({@code 0000:0000:...:0001}). PowerShell prints
 * Level as a signed Int32, so leaf 0x80000001 arrives as -2147483647. vSphere gives no subleaf:
 * every level is subleaf 0. Property names are matched in any case (govc and pyVmomi write
 * lower case); a wrapping object with a CpuFeature list is accepted too.
 */
public final class VsphereJsonFormat implements DumpFormat {

    private static final Pattern DETECT_LEVEL = Pattern.compile("(?i)\"level\"\\s*:");
    private static final Pattern DETECT_EAX = Pattern.compile("(?i)\"eax\"\\s*:\\s*\"[01:\\s]{32,}");
    private static final Pattern START = Pattern.compile("^\\s*[\\[{]");
    private static final Map<String, String> VENDORS = Map.of(
            "intel", "GenuineIntel", "amd", "AuthenticAMD", "hygon", "HygonGenuine");

    private final ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    @Override
    public String id() {
        return "vsphere-json";
    }

    @Override
    public String title() {
        return "vSphere HostCpuIdInfo JSON (PowerCLI)";
    }

    @Override
    public boolean detect(String text) {
        return START.matcher(text).find() && DETECT_LEVEL.matcher(text).find() && DETECT_EAX.matcher(text).find();
    }

    @Override
    public DumpReading read(String file, String text) {
        List<InputError> errors = new ArrayList<>();
        DumpedCpu cpu = new DumpedCpu();
        String vendor = null;
        try (JsonParser p = mapper.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                vendor = readList(file, p, cpu, errors);
            } else if (t == JsonToken.START_OBJECT) {
                vendor = readObject(file, p, cpu, errors);
            } else {
                errors.add(new InputError(file, line(p), "expected a JSON list of HostCpuIdInfo objects"));
            }
            if (errors.isEmpty() && p.nextToken() != null) {
                errors.add(new InputError(file, line(p), "unexpected content after the JSON value"));
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            errors.add(new InputError(file, line, "malformed JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            errors.add(new InputError(file, 1, "cannot read JSON: " + e.getMessage()));
        }
        if (cpu.isEmpty() && errors.isEmpty()) {
            errors.add(new InputError(file, 1, "no HostCpuIdInfo entries found"));
        }
        if (!errors.isEmpty()) {
            return DumpReading.failed(errors);
        }
        return new DumpReading(cpu, "", vendor, "", List.of("vSphere lists only the levels it checks;"
                + " every level is subleaf 0."), List.of(), List.of());
    }

    /** A list of HostCpuIdInfo objects; the parser is on its START_ARRAY. Returns the vendor. */
    private String readList(String file, JsonParser p, DumpedCpu cpu, List<InputError> errors) throws IOException {
        String vendor = null;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int line = line(p);
            if (t == null) {
                errors.add(new InputError(file, line, "JSON ends inside the list (truncated?)"));
                break;
            }
            if (t != JsonToken.START_OBJECT) {
                errors.add(new InputError(file, line, "expected an object with Level and Eax..Edx, found " + t));
                p.skipChildren();
                continue;
            }
            String v = readEntry(file, line, p.readValueAsTree(), cpu, errors);
            vendor = vendor == null ? v : vendor;
        }
        return vendor;
    }

    /**
     * A lone HostCpuIdInfo (ConvertTo-Json drops the [ ] around a single item), or a wrapper with
     * a CpuFeature list ({@code Hardware | ConvertTo-Json}); the parser is on its START_OBJECT.
     */
    private String readObject(String file, JsonParser p, DumpedCpu cpu, List<InputError> errors) throws IOException {
        int line = line(p);
        ObjectNode fields = mapper.createObjectNode();
        String vendor = null;
        boolean wrapper = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equalsIgnoreCase("CpuFeature") && value == JsonToken.START_ARRAY) {
                vendor = readList(file, p, cpu, errors);
                wrapper = true;
            } else {
                fields.set(name, p.readValueAsTree());
            }
        }
        return wrapper ? vendor : readEntry(file, line, fields, cpu, errors);
    }

    private static String readEntry(String file, int line, JsonNode entry, DumpedCpu cpu, List<InputError> errors) {
        // Keys are matched without case (PowerCLI writes Level, the API level): two that differ only in
        // case would make the first win unseen.
        Map<String, String> seen = new HashMap<>();
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String before = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            if (before != null) {
                errors.add(new InputError(file, line, "keys '" + before + "' and '" + name
                        + "' differ only in case: which one is meant?"));
                return null;
            }
        }
        JsonNode level = field(entry, "level");
        if (level == null || !(level.isIntegralNumber() || level.isTextual())) {
            errors.add(new InputError(file, line, "HostCpuIdInfo without a numeric Level"));
            return null;
        }
        long leaf;
        try {
            leaf = level.isIntegralNumber() ? level.longValue() : parseLevel(level.asText());
        } catch (IllegalArgumentException e) {
            errors.add(new InputError(file, line, "Level '" + level.asText() + "' is not a number"));
            return null;
        }
        if (leaf < Integer.MIN_VALUE || leaf > 0xFFFF_FFFFL) {
            errors.add(new InputError(file, line, "Level " + leaf + " is not a 32-bit CPUID leaf"));
            return null;
        }
        leaf &= 0xFFFF_FFFFL; // PowerShell prints Int32: -2147483647 is 0x80000001
        int[] regs = new int[4];
        boolean[] present = new boolean[4];
        for (Register r : Register.values()) {
            JsonNode v = field(entry, r.id());
            if (v == null || v.isNull()) {
                continue;
            }
            String bits = v.asText().replace(":", "").replace(" ", "");
            if (!v.isTextual() || bits.length() != 32 || !bits.chars().allMatch(c -> c == '0' || c == '1')) {
                errors.add(new InputError(file, line, String.format("level 0x%08x %s: %s is not 32 binary digits",
                        leaf, r.id(), DumpText.quote(v.asText()))));
                continue;
            }
            regs[r.ordinal()] = (int) Long.parseLong(bits, 2);
            present[r.ordinal()] = true;
        }
        for (Register r : Register.values()) {
            if (present[r.ordinal()] && !cpu.putRegister(RegisterKey.of(leaf, r), regs[r.ordinal()], line)) {
                errors.add(new InputError(file, line, String.format("level 0x%08x appears twice (first at line %d)",
                        leaf, cpu.lineOf(leaf, 0))));
                break;
            }
        }
        JsonNode vendor = field(entry, "vendor");
        return vendor == null || !vendor.isTextual() ? null : VENDORS.get(vendor.asText().toLowerCase(Locale.ROOT));
    }

    private static long parseLevel(String s) {
        return Numbers.parseUnsigned(s, 0xFFFF_FFFFL, "level");
    }

    private static JsonNode field(JsonNode node, String lowerName) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().toLowerCase(Locale.ROOT).equals(lowerName)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static int line(JsonParser p) {
        return Math.max(1, p.currentLocation().getLineNr());
    }
}
