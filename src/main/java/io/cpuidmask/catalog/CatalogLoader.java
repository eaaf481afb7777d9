package io.cpuidmask.catalog;

import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.PrintableText;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.RegisterValues;
import io.cpuidmask.yaml.LineIndex;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Loads the guest mask catalogues ({@code rules/masks/*.yaml}, schema in docs/FORMATS.md). */
public final class CatalogLoader {

    private static final Set<String> TOP_KEYS = Set.of("guest", "description", "os", "bits", "minimum", "masks");
    private static final Set<String> ENTRY_KEYS = Set.of("leaf", "subleaf", "register", "vendor", "mask", "source");
    private static final Set<String> OS_FAMILIES = Set.of("windows", "linux", "solaris", "other");

    public record Loaded(Map<String, GuestCatalog> guests, List<Path> files, List<InputError> errors) {
    }

    public Loaded load(Path folder) {
        return load(List.of(folder));
    }

    /**
     * The catalogues of several folders (the base's, then each site's): a guest id may be defined
     * once across all of them.
     */
    public Loaded load(List<Path> folders) {
        List<InputError> errors = new ArrayList<>();
        Map<String, GuestCatalog> guests = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            loadInto(folder, guests, files, errors);
        }
        return new Loaded(guests, files, errors);
    }

    private void loadInto(Path folder, Map<String, GuestCatalog> guests, List<Path> files, List<InputError> errors) {
        int before = guests.size();
        int errorsBefore = errors.size();
        if (!Files.isDirectory(folder)) {
            errors.add(new InputError(InputFiles.display(folder), 0, "mask catalogue folder not found"));
            return;
        }
        InputFiles.Listing listing = InputFiles.expand(List.of(folder), InputFiles::isYamlFile);
        errors.addAll(listing.errors());
        for (Path file : listing.files()) {
            files.add(file);
            String name = InputFiles.display(file);
            try {
                GuestCatalog c = parse(name, TextFiles.read(file), errors);
                if (c != null) {
                    GuestCatalog first = guests.putIfAbsent(c.guest(), c);
                    if (first != null) {
                        errors.add(new InputError(name, 1, "guest '" + c.guest() + "' is already defined in " + first.file()));
                    }
                }
            } catch (YamlInputException e) {
                errors.add(new InputError(name, e.line(), e.getMessage()));
            } catch (IllegalArgumentException e) {
                // a top-level value of the wrong type (guest, os, bits or description not a single value)
                errors.add(new InputError(name, 1, e.getMessage()));
            } catch (IOException e) {
                errors.add(new InputError(name, 0, "cannot be read (" + e.getMessage() + ")"));
            }
        }
        if (guests.size() == before && errors.size() == errorsBefore) {
            errors.add(new InputError(InputFiles.display(folder), 0, "no guest catalogues (*.yaml) in this folder"));
        }
    }

    /** CPUID vendor strings of x86 CPUs a mask entry may be restricted to. */
    static final List<String> VENDORS = List.of("GenuineIntel", "AuthenticAMD", "HygonGenuine", "CentaurHauls", "  Shanghai  ");

    /** Parses one catalogue; adds its problems to {@code errors} and returns null if it has any. */
    public GuestCatalog parse(String file, String text, List<InputError> errors) throws YamlInputException {
        List<SafeYaml.Document> docs = SafeYaml.readAll(text);
        if (docs.size() != 1 || !(docs.get(0).data() instanceof Map<?, ?> root)) {
            errors.add(new InputError(file, 1, "a mask catalogue must be one YAML mapping with guest, bits and masks"));
            return null;
        }
        LineIndex lines = docs.get(0).lines();
        int before = errors.size();
        for (Object k : root.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(k))) {
                errors.add(new InputError(file, lines.lineOf(String.valueOf(k)), "unknown key '" + k
                        + "' (allowed: guest, description, os, bits, minimum, masks)"));
            }
        }
        int beforeGuest = errors.size();
        String guest = topText(root, "guest", file, lines, errors);
        if (errors.size() > beforeGuest) {
            guest = null;
        } else if (guest == null || !guest.matches("[a-z0-9][a-z0-9._-]*")) {
            errors.add(new InputError(file, lines.lineOf("guest"),
                    "guest id is required: lower-case letters, digits, '.', '_' or '-'"));
        }
        String os = topText(root, "os", file, lines, errors);
        if (os == null) {
            os = guest == null ? "other" : guest.replaceAll("[^a-z].*$", "");
        }
        if (!OS_FAMILIES.contains(os)) {
            os = "other";
        }
        int bits = 0;
        String bitsText = topText(root, "bits", file, lines, errors);
        if ("32".equals(bitsText) || "64".equals(bitsText)) {
            bits = Integer.parseInt(bitsText);
        } else {
            errors.add(new InputError(file, lines.lineOf("bits"), "bits must be 32 or 64"));
        }
        List<String> minimum = new ArrayList<>();
        Object min = root.get("minimum");
        if (min instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof String s && !s.isBlank() && FeatureCatalogs.shipped().byName(s.trim()).isEmpty()) {
                    errors.add(new InputError(file, lines.lineOf("minimum"), "minimum names an unknown feature '" + s.trim()
                            + "' (canonical names of the feature catalogue, e.g. SSE4_2)"));
                } else if (o instanceof String s && !s.isBlank()) {
                    minimum.add(s.trim());
                } else {
                    errors.add(new InputError(file, lines.lineOf("minimum"), "minimum must be a list of feature names"));
                }
            }
        } else if (min != null) {
            errors.add(new InputError(file, lines.lineOf("minimum"), "minimum must be a list of feature names"));
        }
        List<MaskEntry> entries = new ArrayList<>();
        Object masks = root.get("masks");
        if (!(masks instanceof List<?> list) || list.isEmpty()) {
            errors.add(new InputError(file, lines.lineOf("masks"), "masks must be a non-empty list of mask entries"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String path = LineIndex.item("masks", i);
                MaskEntry e = parseEntry(file, path, list.get(i), lines, errors);
                if (e != null && !seen.add(e.key() + "/" + e.vendor())) {
                    errors.add(new InputError(file, lines.lineOf(path), "register " + e.key().label()
                            + (e.vendor() == null ? "" : " for " + e.vendor()) + " is given twice"));
                } else if (e != null) {
                    entries.add(e);
                }
            }
        }
        if (errors.size() > before) {
            return null;
        }
        String description = topText(root, "description", file, lines, errors);
        if (description != null && !PrintableText.isPrintable(description)) {
            errors.add(new InputError(file, lines.lineOf("description"), "description must be printable text (it holds "
                    + PrintableText.firstUnprintableName(description)
                    + ")"));
            return null;
        }
        return new GuestCatalog(guest, description == null ? guest : description, os, bits, minimum, entries, file);
    }

    private MaskEntry parseEntry(String file, String path, Object item, LineIndex lines, List<InputError> errors) {
        int line = lines.lineOf(path);
        if (!(item instanceof Map<?, ?> m)) {
            errors.add(new InputError(file, line, "each mask entry must be a mapping with leaf, register and mask"));
            return null;
        }
        for (Object k : m.keySet()) {
            if (!ENTRY_KEYS.contains(String.valueOf(k))) {
                errors.add(new InputError(file, lines.lineOf(LineIndex.child(path, String.valueOf(k))),
                        "unknown key '" + k + "' in mask entry (allowed: leaf, subleaf, register, vendor, mask, source)"));
                return null;
            }
        }
        try {
            long leaf = RegisterValues.parseLeaf(require(m, "leaf"));
            String sub = text(m, "subleaf");
            int subleaf = sub == null ? 0 : RegisterValues.parseSubleaf(sub);
            Register register = Register.parse(require(m, "register"));
            MaskString mask;
            try {
                mask = MaskString.parse(require(m, "mask"));
            } catch (IllegalArgumentException e) {
                errors.add(new InputError(file, lines.lineOf(LineIndex.child(path, "mask")), e.getMessage()));
                return null;
            }
            String vendor = text(m, "vendor");
            if (vendor != null && !VENDORS.contains(vendor)) {
                // A misspelt vendor would make the entry apply to no host, silently.
                errors.add(new InputError(file, lines.lineOf(LineIndex.child(path, "vendor")), "unknown vendor '" + vendor
                        + "' (known: " + String.join(", ", VENDORS) + ")"));
                return null;
            }
            return new MaskEntry(RegisterKey.of(leaf, subleaf, register), vendor, mask, text(m, "source"), line);
        } catch (IllegalArgumentException e) {
            errors.add(new InputError(file, line, e.getMessage()));
            return null;
        }
    }

    /** A top-level single value, or null with an error at its line when it is a list or a mapping. */
    private static String topText(Map<?, ?> root, String key, String file, LineIndex lines, List<InputError> errors) {
        try {
            return text(root, key);
        } catch (IllegalArgumentException e) {
            errors.add(new InputError(file, lines.lineOf(key), e.getMessage()));
            return null;
        }
    }

    private static String require(Map<?, ?> m, String key) {
        String v = text(m, key);
        if (v == null) {
            throw new IllegalArgumentException("missing required key '" + key + "'");
        }
        return v;
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("'" + key + "' must be a single value");
        }
        return s.trim();
    }
}
