package io.cpuidmask.corpus;

import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * libcpuid's flag names mapped to canonical feature names: the data file
 * {@code io/cpuidmask/catalog/libcpuid-flags.yaml}. An entry's vendor, when given, is the only
 * vendor libcpuid decodes the flag on.
 */
record LibcpuidFlagMap(Map<String, Entry> entries) {

    static final String RESOURCE = "/io/cpuidmask/catalog/libcpuid-flags.yaml";
    /** The value that says a flag is not a bit of a covered register. */
    static final String NOT_COVERED = "~none";

    record Entry(String flag, String feature, String vendor) {

        boolean covered() {
            return feature != null && !NOT_COVERED.equals(feature);
        }

        /** Whether libcpuid decodes this flag on a CPU of the vendor. */
        boolean decodedOn(String hostVendor) {
            return vendor == null || vendor.equals(hostVendor);
        }
    }

    static LibcpuidFlagMap load() throws Exception {
        String text;
        try (InputStream in = LibcpuidFlagMap.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing");
            }
            text = TextFiles.decode(in.readAllBytes());
        }
        Map<?, ?> root = (Map<?, ?>) SafeYaml.readAll(text).get(0).data();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Object o : (List<?>) root.get("flags")) {
            Map<?, ?> m = (Map<?, ?>) o;
            String flag = m.get("libcpuid").toString().trim();
            Entry e = new Entry(flag, m.get("feature") == null ? null : m.get("feature").toString().trim(),
                    m.get("vendor") == null ? null : m.get("vendor").toString().trim());
            if (entries.put(flag, e) != null) {
                throw new IllegalStateException("libcpuid flag " + flag + " is listed twice");
            }
        }
        return new LibcpuidFlagMap(Collections.unmodifiableMap(entries));
    }

    List<Entry> all() {
        return List.copyOf(entries.values());
    }

    Optional<Entry> flag(String name) {
        return Optional.ofNullable(entries.get(name));
    }
}
