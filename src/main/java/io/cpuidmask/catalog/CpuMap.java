package io.cpuidmask.catalog;

import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * libvirt's x86 CPU map: the features (name -> CPUID bit) and the named CPU models, read as
 * data from the verbatim copy of Debian libvirt0 9.0.0's {@code cpu_map} kept under
 * {@code io/cpuidmask/catalog/libvirt-cpu-map/} (LGPL-2.1+, see the README there).
 */
public final class CpuMap {

    static final String DIR = "/io/cpuidmask/catalog/libvirt-cpu-map/";
    /** Which libvirt the map is copied from, for messages about names it does not know. */
    public static final String VERSION = "libvirt 9.0.0";

    private final Map<String, LibvirtFeature> byName;
    private final Map<String, LibvirtFeature> byPosition = new HashMap<>();
    private final List<CpuModel> models;
    private final Map<String, CpuModel> modelsByName = new HashMap<>();
    private final Set<String> msrFeatures;
    private final Map<String, String> vendors;

    CpuMap(List<LibvirtFeature> features, List<CpuModel> models, Set<String> msrFeatures, Map<String, String> vendors) {
        Map<String, LibvirtFeature> names = new LinkedHashMap<>();
        for (LibvirtFeature f : features) {
            names.put(f.name(), f);
            byPosition.putIfAbsent(position(f.key(), f.bit()), f);
        }
        this.byName = Collections.unmodifiableMap(names);
        this.models = List.copyOf(models);
        models.forEach(m -> modelsByName.putIfAbsent(m.name(), m));
        this.msrFeatures = Set.copyOf(msrFeatures);
        this.vendors = Map.copyOf(vendors);
    }

    /** The map shipped with cpuidmask. */
    public static CpuMap shipped() {
        return Shipped.VALUE;
    }

    /** Loaded on first use, once (the JVM's lazy class initialisation). */
    private static final class Shipped {
        static final CpuMap VALUE = load();
    }

    public List<LibvirtFeature> features() {
        return List.copyOf(byName.values());
    }

    public Optional<LibvirtFeature> feature(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The libvirt feature carried by one CPUID bit, if libvirt names it. */
    public Optional<LibvirtFeature> featureAt(RegisterKey key, int bit) {
        return Optional.ofNullable(byPosition.get(position(key, bit)));
    }

    /** Whether the map names this feature as an MSR bit (arch-capabilities and the like): known, but no CPUID bit. */
    public boolean isMsrFeature(String name) {
        return msrFeatures.contains(name);
    }

    /** The CPUID vendor string of a libvirt vendor name ({@code Intel} -> {@code GenuineIntel}). */
    public Optional<String> vendorString(String libvirtName) {
        return Optional.ofNullable(vendors.get(libvirtName));
    }

    /** libvirt's vendor names, sorted: for messages. */
    public Set<String> vendorNames() {
        return new TreeSet<>(vendors.keySet());
    }

    /** Models in libvirt's index order (oldest first). */
    public List<CpuModel> models() {
        return models;
    }

    public Optional<CpuModel> model(String name) {
        return Optional.ofNullable(modelsByName.get(name));
    }

    private static String position(RegisterKey key, int bit) {
        return key.label() + "/" + bit;
    }

    private static CpuMap load() {
        try {
            Map<String, String> vendors = new HashMap<>();
            for (Element v : children(parse("x86_vendors.xml").getDocumentElement(), "vendor")) {
                vendors.put(v.getAttribute("name"), v.getAttribute("string"));
            }
            List<LibvirtFeature> features = new ArrayList<>();
            Set<String> msr = new TreeSet<>();
            for (Element f : children(parse("x86_features.xml").getDocumentElement(), "feature")) {
                List<Element> cpuid = children(f, "cpuid");
                if (cpuid.size() != 1) {
                    // MSR-based features (arch-capabilities bits): not CPUID, not in profiles
                    if (!children(f, "msr").isEmpty()) {
                        msr.add(f.getAttribute("name"));
                    }
                    continue;
                }
                features.add(feature(f, cpuid.get(0)));
            }
            List<CpuModel> models = new ArrayList<>();
            for (Element include : children(parse("index-x86.xml").getDocumentElement(), "include")) {
                String file = include.getAttribute("filename");
                if (!file.startsWith("x86_") || file.equals("x86_features.xml") || file.equals("x86_vendors.xml")) {
                    continue;
                }
                for (Element m : children(parse(file).getDocumentElement(), "model")) {
                    models.add(model(m, vendors, models.size()));
                }
            }
            return new CpuMap(features, models, msr, vendors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new IllegalStateException("libvirt CPU map resource is not readable: " + e.getMessage(), e);
        }
    }

    private static LibvirtFeature feature(Element f, Element cpuid) {
        long leaf = Long.decode(cpuid.getAttribute("eax_in"));
        int subleaf = cpuid.hasAttribute("ecx_in") ? Integer.decode(cpuid.getAttribute("ecx_in")) : 0;
        for (Register r : Register.values()) {
            if (cpuid.hasAttribute(r.id())) {
                long mask = Long.decode(cpuid.getAttribute(r.id()));
                if (Long.bitCount(mask) != 1) {
                    throw new IllegalStateException("libvirt feature " + f.getAttribute("name") + " spans several bits");
                }
                List<String> aliases = children(f, "alias").stream()
                        .filter(a -> "qemu".equals(a.getAttribute("source"))).map(a -> a.getAttribute("name")).toList();
                return new LibvirtFeature(f.getAttribute("name"), RegisterKey.of(leaf, subleaf, r),
                        Long.numberOfTrailingZeros(mask), aliases, !"no".equals(f.getAttribute("migratable")));
            }
        }
        throw new IllegalStateException("libvirt feature " + f.getAttribute("name") + " names no register");
    }

    private static CpuModel model(Element m, Map<String, String> vendors, int order) {
        List<Element> vendor = children(m, "vendor");
        List<Element> decode = children(m, "decode");
        boolean guest = decode.isEmpty() || "on".equals(decode.get(0).getAttribute("guest"));
        Set<String> features = new TreeSet<>();
        for (Element f : children(m, "feature")) {
            // removed='yes': libvirt dropped the feature from the model and no longer counts it as part of it.
            if ("yes".equals(f.getAttribute("removed"))) {
                continue;
            }
            features.add(f.getAttribute("name"));
        }
        return new CpuModel(m.getAttribute("name"),
                vendor.isEmpty() ? null : vendors.get(vendor.get(0).getAttribute("name")), guest, features, order);
    }

    private static Document parse(String file) throws IOException, SAXException, ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        try (InputStream in = CpuMap.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DIR + file + " is missing from the build");
            }
            return builder.parse(in);
        }
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }
}
