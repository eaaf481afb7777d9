package io.cpuidmask.profile;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.PrintableText;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.RegisterValues;
import io.cpuidmask.model.SourceRef;
import io.cpuidmask.yaml.LineIndex;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.YamlInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns YAML host profiles (docs/FORMATS.md; several hosts per file as documents separated
 * by {@code ---}) into {@link HostProfile}s. Every problem is collected with its line; a document
 * with a problem yields no host, the other documents of the file still do.
 */
public final class ProfileParser {

    private static final Register[] REGISTERS = Register.values();
    private static final String[] LEAF_KEYS = {"leaf", "subleaf", "eax", "ebx", "ecx", "edx"};
    private static final Set<String> HOST_KEYS = Set.of("host", "cluster", "vendor", "description", "microcode", "firmware",
            "cpuid");
    private static final String ALLOWED_KEYS = "host, cluster, vendor, description, microcode, firmware, cpuid";

    /** Hosts read from one file, and the problems found in it. */
    public record Result(List<HostProfile> hosts, List<InputError> errors) {
    }

    /** Big files are read in parts of at least this many characters, in parallel. */
    static final int PART_CHARS = 256 * 1024;

    private final int partChars;

    public ProfileParser() {
        this(PART_CHARS);
    }

    ProfileParser(int partChars) {
        this.partChars = partChars;
    }

    /**
     * Hosts of one file. A big file of many documents is read in parts on all cores
     * ({@link SafeYaml#splitDocuments}); the result is the same as reading it whole: hosts in file
     * order, and a YAML syntax error anywhere loses the whole file, reported at its line.
     */
    public Result parse(String fileName, String text) {
        List<SafeYaml.Part> parts = SafeYaml.splitDocuments(text, partChars);
        List<PartResult> read = (parts.size() == 1 ? parts.stream() : parts.parallelStream())
                .map(p -> parsePart(fileName, p)).toList();
        List<HostProfile> hosts = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        int documents = 0;
        for (PartResult r : read) {
            if (r.syntaxError() != null) {
                return new Result(List.of(), List.of(parts.size() == 1 ? r.syntaxError() : wholeFileError(fileName, text, r)));
            }
            hosts.addAll(r.hosts());
            errors.addAll(r.errors());
            documents += r.documents();
        }
        if (documents == 0) {
            errors.add(new InputError(fileName, 1, "empty profile: no host in this file"));
        }
        return new Result(hosts, errors);
    }

    /**
     * The syntax error as reading the whole file reports it: where a part ends, yamlbeans may see an
     * unclosed quote or bracket differently than at the next document marker. Errors are rare; the
     * file is read once more, whole.
     */
    private static InputError wholeFileError(String fileName, String text, PartResult part) {
        try {
            SafeYaml.readAll(text);
            return part.syntaxError();
        } catch (YamlInputException e) {
            return new InputError(fileName, e.line(), e.getMessage());
        }
    }

    /** What one part of a file gave; syntaxError set when YAML could not read it. */
    private record PartResult(List<HostProfile> hosts, List<InputError> errors, int documents, InputError syntaxError) {
    }

    private PartResult parsePart(String fileName, SafeYaml.Part part) {
        List<SafeYaml.Document> docs;
        try {
            docs = SafeYaml.readAll(part.text(), part.lineOffset());
        } catch (YamlInputException e) {
            return new PartResult(List.of(), List.of(), 0, new InputError(fileName, e.line(), e.getMessage()));
        }
        List<HostProfile> hosts = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        int nonEmpty = 0;
        for (SafeYaml.Document doc : docs) {
            if (doc.data() == null) {
                continue;
            }
            nonEmpty++;
            List<InputError> docErrors = new ArrayList<>();
            HostProfile host = parseHost(fileName, doc, docErrors);
            if (docErrors.isEmpty() && host != null) {
                hosts.add(host);
            }
            errors.addAll(docErrors);
        }
        return new PartResult(hosts, errors, nonEmpty, null);
    }

    /**
     * Parses one host profile that is already a YAML document (or a part of one, such as an
     * inline host of a policy test case); problems go to {@code errors}.
     */
    public HostProfile parseHost(String file, SafeYaml.Document doc, List<InputError> errors) {
        LineIndex lines = doc.lines();
        int docLine = lines.documentLine();
        if (!(doc.data() instanceof Map<?, ?> root)) {
            errors.add(new InputError(file, docLine,
                    "a host profile must be a mapping with " + ALLOWED_KEYS + " keys, found "
                            + describe(doc.data())));
            return null;
        }
        for (Object key : root.keySet()) {
            if (!HOST_KEYS.contains(String.valueOf(key))) {
                errors.add(new InputError(file, lines.lineOfKey(root, key, docLine), "unknown key '" + key
                        + "' (allowed: " + ALLOWED_KEYS + ")"));
            }
        }
        String host = scalar(root, "host", docLine, file, lines, errors, true);
        String cluster = scalar(root, "cluster", docLine, file, lines, errors, false);
        String vendor = scalar(root, "vendor", docLine, file, lines, errors, false);
        String description = scalar(root, "description", docLine, file, lines, errors, false);
        int hostLine = lines.lineOfKey(root, "host", docLine);
        if (host != null && (host.isBlank() || hasUnprintable(host))) {
            errors.add(new InputError(file, hostLine, "host name must be non-empty printable text" + unprintableNote(host)));
        }
        Long microcode = microcode(root, docLine, file, lines, errors);
        String firmware = scalar(root, "firmware", docLine, file, lines, errors, false);
        if (firmware != null && firmware.length() > HostProfile.MAX_FIRMWARE_CHARS) {
            errors.add(new InputError(file, lines.lineOfKey(root, "firmware", docLine), "firmware is "
                    + firmware.length() + " characters long, over the limit of " + HostProfile.MAX_FIRMWARE_CHARS));
        }
        for (String key : new String[] {"cluster", "vendor", "description", "firmware"}) {
            Object v = root.get(key);
            if (v instanceof String s && hasUnprintable(s)) {
                errors.add(new InputError(file, lines.lineOfKey(root, key, docLine), key + " must be printable text"
                        + unprintableNote(s)));
            }
        }
        TreeMap<RegisterKey, Integer> registers = new TreeMap<>();
        Map<RegisterKey, Integer> regLines = new HashMap<>();
        Object cpuid = root.get("cpuid");
        int cpuidLine = lines.lineOfKey(root, "cpuid", docLine);
        if (cpuid == null) {
            errors.add(root.containsKey("cpuid")
                    ? new InputError(file, cpuidLine, "cpuid is empty: give at least one leaf")
                    : new InputError(file, docLine, "missing required key 'cpuid'"));
        } else if (!(cpuid instanceof List<?> leaves)) {
            errors.add(new InputError(file, cpuidLine, "cpuid must be a list of leaves, found " + describe(cpuid)));
        } else {
            for (int i = 0; i < leaves.size(); i++) {
                parseLeaf(file, lines.lineOfItem(leaves, i, cpuidLine), leaves.get(i), lines, registers, regLines, errors);
            }
        }
        // A vendor: that contradicts leaf 0 would hide a mixed-vendor cluster from the rules.
        String decoded = HostProfile.decodeVendor(registers).orElse(null);
        if (vendor != null && !vendor.isBlank() && decoded != null && !decoded.equals(vendor.trim())) {
            errors.add(new InputError(file, lines.lineOfKey(root, "vendor", docLine), "vendor '" + vendor.trim()
                    + "' contradicts leaf 0's vendor string '" + decoded + "'"));
        }
        if (!errors.isEmpty() || host == null) {
            return null;
        }
        return new HostProfile(host.trim(), cluster, vendor, description, registers,
                new SourceRef(file, hostLine), regLines, microcode, firmware);
    }

    /** The optional microcode revision, or null (with an error when it is there but not 0x hex). */
    private static Long microcode(Map<?, ?> root, int docLine, String file, LineIndex lines, List<InputError> errors) {
        String text = scalar(root, "microcode", docLine, file, lines, errors, false);
        if (text == null) {
            return null;
        }
        try {
            return RegisterValues.parseMicrocode(text);
        } catch (IllegalArgumentException e) {
            errors.add(new InputError(file, lines.lineOfKey(root, "microcode", docLine), e.getMessage()));
            return null;
        }
    }

    /** One entry of the cpuid list, which starts on {@code line}. */
    private void parseLeaf(String file, int line, Object item, LineIndex lines,
                           Map<RegisterKey, Integer> registers, Map<RegisterKey, Integer> regLines,
                           List<InputError> errors) {
        if (!(item instanceof Map<?, ?> entry)) {
            errors.add(new InputError(file, line, "each cpuid entry must be a mapping with leaf and registers, found "
                    + describe(item)));
            return;
        }
        // One pass over the entry (millions of them in a big estate), not a lookup per known key.
        Object[] values = new Object[LEAF_KEYS.length];
        boolean[] present = new boolean[LEAF_KEYS.length];
        for (Map.Entry<?, ?> e : entry.entrySet()) {
            int k = leafKeyIndex(e.getKey());
            if (k < 0) {
                errors.add(new InputError(file, lines.lineOfKey(entry, e.getKey(), line),
                        "unknown key '" + e.getKey() + "' in cpuid entry (allowed: leaf, subleaf, eax, ebx, ecx, edx)"));
            } else {
                values[k] = e.getValue();
                present[k] = true;
            }
        }
        String leafText = scalar(entry, LEAF_KEYS[0], values[0], present[0], line, file, lines, errors, true);
        if (leafText == null) {
            return;
        }
        long leaf;
        int subleaf = 0;
        try {
            leaf = RegisterValues.parseLeaf(leafText);
        } catch (IllegalArgumentException e) {
            errors.add(new InputError(file, lines.lineOfKey(entry, "leaf", line), e.getMessage()));
            return;
        }
        String subText = scalar(entry, LEAF_KEYS[1], values[1], present[1], line, file, lines, errors, false);
        if (subText != null) {
            try {
                subleaf = RegisterValues.parseSubleaf(subText);
            } catch (IllegalArgumentException e) {
                errors.add(new InputError(file, lines.lineOfKey(entry, "subleaf", line), e.getMessage()));
                return;
            }
        }
        for (Register r : REGISTERS) {
            int k = 2 + r.ordinal();
            String text = scalar(entry, LEAF_KEYS[k], values[k], present[k], line, file, lines, errors, false);
            if (text == null) {
                continue;
            }
            RegisterKey key = RegisterKey.of(leaf, subleaf, r);
            int regLine = lines.lineOfKey(entry, r.id(), line);
            try {
                int value = RegisterValues.parseRegister(text);
                if (registers.putIfAbsent(key, value) != null) {
                    errors.add(new InputError(file, regLine, "register " + key.label() + " given twice (leaf "
                            + String.format("0x%08x", leaf) + " subleaf " + subleaf + " appears more than once)"));
                }
                regLines.put(key, regLine);
            } catch (IllegalArgumentException e) {
                errors.add(new InputError(file, regLine, key.label() + ": " + e.getMessage()));
            }
        }
    }

    /** A scalar value, or null (with an error if required or of the wrong type); the map starts on {@code mapLine}. */
    private static String scalar(Map<?, ?> map, String key, int mapLine, String file, LineIndex lines,
                                 List<InputError> errors, boolean required) {
        Object v = map.get(key);
        return scalar(map, key, v, v != null || map.containsKey(key), mapLine, file, lines, errors, required);
    }

    /** As above, for a value already taken from the map ({@code present}: the key is there, maybe without a value). */
    private static String scalar(Map<?, ?> map, String key, Object v, boolean present, int mapLine, String file,
                                 LineIndex lines, List<InputError> errors, boolean required) {
        if (v instanceof String s) {
            return s; // the common case
        }
        if (!present) {
            if (required) {
                errors.add(new InputError(file, mapLine, "missing required key '" + key + "'"));
            }
            return null;
        }
        int line = lines.lineOfKey(map, key, mapLine);
        if (v == null) {
            if (required) {
                errors.add(new InputError(file, line, "'" + key + "' has no value"));
            }
            return null;
        }
        errors.add(new InputError(file, line, "'" + key + "' must be a single value, found " + describe(v)));
        return null;
    }

    /** Index of a cpuid entry key in {@link #LEAF_KEYS} (registers in {@link Register} order), or -1. */
    private static int leafKeyIndex(Object key) {
        if (!(key instanceof String k)) {
            return -1;
        }
        return switch (k) {
            case "leaf" -> 0;
            case "subleaf" -> 1;
            case "eax" -> 2;
            case "ebx" -> 3;
            case "ecx" -> 4;
            case "edx" -> 5;
            default -> -1;
        };
    }

    /** {@code " (it holds U+202E)"}: which code point, never the code point itself. */
    static String unprintableNote(String s) {
        String first = PrintableText.firstUnprintableName(s);
        return first.isEmpty() ? "" : " (it holds " + first + ": no control, format, separator or unassigned characters)";
    }

    /** Control, format (bidi, TAG) and separator characters, lone surrogates, unassigned code points: see PrintableText. */
    static boolean hasUnprintable(String s) {
        return !PrintableText.isPrintable(s);
    }

    static String describe(Object o) {
        if (o instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (o instanceof List<?>) {
            return "a list";
        }
        return o == null ? "nothing" : "the value '" + o + "'";
    }
}
