package io.cpuidmask.profile.dump;

import io.cpuidmask.catalog.CpuMap;
import io.cpuidmask.catalog.CpuModel;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.catalog.LibvirtFeature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.InputError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Kubernetes nodes labelled by KubeVirt's node labeller ({@code kubectl get nodes -o json}), one
 * host per node: {@code cpu-feature.node.kubevirt.io/<feature>} (libvirt feature names),
 * {@code cpu-vendor.node.kubevirt.io/<Intel|AMD|Hygon>}, {@code cpu-model.node.kubevirt.io/<model>}
 * (the libvirt models the node can run), {@code host-model-cpu.node.kubevirt.io/<model>} and
 * {@code host-model-required-features.node.kubevirt.io/<feature>}. The features become bits through
 * the shipped CPU map, as for libvirt's XML. Older labellers left out the features of the minimum
 * CPU model (KubeVirt's minCPUModel, Penryn by default); those come from the models the node can
 * run, or are listed as undetermined. Nodes without KubeVirt's labels are skipped with a warning.
 */
public final class KubevirtNodesFormat implements DumpFormat {

    static final String FEATURE = "cpu-feature.node.kubevirt.io/";
    static final String MODEL = "cpu-model.node.kubevirt.io/";
    static final String VENDOR = "cpu-vendor.node.kubevirt.io/";
    static final String HOST_MODEL = "host-model-cpu.node.kubevirt.io/";
    static final String REQUIRED = "host-model-required-features.node.kubevirt.io/";
    /** Cluster API's name for the cluster a node belongs to (a label or an annotation on the node). */
    static final String CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";
    /** KubeVirt's default minCPUModel, whose features older labellers do not label. */
    static final String MIN_CPU_MODEL = "Penryn";

    private static final Pattern DETECT_START = Pattern.compile("^\\s*\\{");
    /** Kubernetes names nodes as DNS-1123 subdomains. */
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_NAME = 253;
    private static final Pattern DETECT_KIND = Pattern.compile("\"kind\"\\s*:\\s*\"(List|NodeList|Node)\"");
    private static final Pattern DETECT_LABEL = Pattern.compile("\"(cpu-feature|cpu-model|cpu-vendor|host-model-cpu)"
            + "\\.node\\.kubevirt\\.io/");

    private final Supplier<CpuMap> map;
    private final Supplier<FeatureCatalog> catalog;

    public KubevirtNodesFormat() {
        this(CpuMap::shipped, FeatureCatalogs::shipped);
    }

    KubevirtNodesFormat(Supplier<CpuMap> map, Supplier<FeatureCatalog> catalog) {
        this.map = map;
        this.catalog = catalog;
    }

    @Override
    public String id() {
        return "kubevirt";
    }

    @Override
    public String title() {
        return "Kubernetes nodes with KubeVirt's CPU labels";
    }

    @Override
    public String startsWith() {
        return "{";
    }

    @Override
    public boolean detect(String text) {
        return DETECT_START.matcher(text).find() && DETECT_KIND.matcher(text).find() && DETECT_LABEL.matcher(text).find();
    }

    @Override
    public DumpReading read(String file, String text) {
        List<DumpReading> all = readAll(file, text);
        return all.size() == 1 ? all.get(0) : DumpReading.failed(List.of(new InputError(file, 1, "holds "
                + all.size() + " KubeVirt nodes, one host each")));
    }

    @Override
    public List<DumpReading> readAll(String file, String text) {
        KubernetesNodes.Nodes read = KubernetesNodes.read(file, text);
        if (!read.errors().isEmpty()) {
            return List.of(DumpReading.failed(read.errors()));
        }
        List<DumpReading> readings = new ArrayList<>();
        List<InputError> skipped = new ArrayList<>();
        for (KubernetesNodes.Node node : read.nodes()) {
            if (!node.errors().isEmpty()) {
                readings.add(DumpReading.failed(node.errors()));
            } else if (node.labels().keySet().stream().noneMatch(KubevirtNodesFormat::isCpuLabel)) {
                skipped.add(new InputError(file, node.nameLine(), "node " + DumpText.quote(node.name())
                        + " has no KubeVirt CPU labels (virt-handler does not run there, or labelling is skipped):"
                        + " not imported"));
            } else {
                readings.add(node(file, node));
            }
        }
        if (readings.isEmpty()) {
            return List.of(DumpReading.failed(List.of(new InputError(file, 1, read.nodes().isEmpty() ? "no nodes in"
                    + " the list" : "no node carries KubeVirt's CPU labels (" + FEATURE + "...): is KubeVirt's node"
                    + " labeller running?"))));
        }
        if (!skipped.isEmpty()) {
            readings.set(0, readings.get(0).withWarnings(skipped));
        }
        return readings;
    }

    private static boolean isCpuLabel(String key) {
        return key.startsWith(FEATURE) || key.startsWith(MODEL) || key.startsWith(VENDOR) || key.startsWith(HOST_MODEL);
    }

    private DumpReading node(String file, KubernetesNodes.Node node) {
        CpuMap cpuMap = map.get();
        List<InputError> errors = new ArrayList<>();
        if (node.name().length() > MAX_NAME || !NODE_NAME.matcher(node.name()).matches()) {
            return DumpReading.failed(List.of(new InputError(file, node.nameLine(), "node name "
                    + DumpText.quote(io.cpuidmask.model.PrintableText.sanitize(node.name())) + " is not a Kubernetes"
                    + " node name (lower-case letters, digits, '-' and '.', at most " + MAX_NAME + " characters)")));
        }
        KubernetesNodes.Value cluster = node.labels().getOrDefault(CLUSTER_NAME, node.annotations().get(CLUSTER_NAME));
        if (cluster != null && (cluster.text().length() > MAX_NAME
                || !io.cpuidmask.model.PrintableText.isPrintable(cluster.text()))) {
            errors.add(new InputError(file, cluster.line(), CLUSTER_NAME + " is not a printable name of at most "
                    + MAX_NAME + " characters"));
        }
        List<String> notes = new ArrayList<>();
        Set<String> features = new TreeSet<>();
        Set<String> runnable = new TreeSet<>();
        List<String> unknownFeatures = new ArrayList<>();
        List<String> unknownModels = new ArrayList<>();
        String vendorName = null;
        int vendorLine = node.nameLine();
        String hostModel = null;
        for (Map.Entry<String, KubernetesNodes.Value> label : node.labels().entrySet()) {
            String key = label.getKey();
            KubernetesNodes.Value v = label.getValue();
            boolean feature = key.startsWith(FEATURE) || key.startsWith(REQUIRED);
            if (!feature && !isCpuLabel(key)) {
                continue;
            }
            if (!v.text().equals("true")) {
                errors.add(new InputError(file, v.line(), "label " + DumpText.quote(key) + " is "
                        + DumpText.quote(v.text()) + ": KubeVirt writes \"true\""));
                continue;
            }
            String name = key.substring(key.indexOf('/') + 1);
            if (feature) {
                features.add(name);
                if (cpuMap.feature(name).isEmpty() && !cpuMap.isMsrFeature(name)) {
                    unknownFeatures.add(DumpText.quote(name));
                }
            } else if (key.startsWith(MODEL)) {
                if (cpuMap.model(name).isPresent()) {
                    runnable.add(name);
                } else {
                    unknownModels.add(name);
                }
            } else if (key.startsWith(HOST_MODEL)) {
                hostModel = name;
            } else if (vendorName != null) {
                errors.add(new InputError(file, v.line(), "two cpu-vendor labels: " + vendorName + " and " + name));
            } else {
                vendorName = name;
                vendorLine = v.line();
            }
        }
        String vendor = vendorName == null ? null : cpuMap.vendorString(vendorName).orElse(null);
        if (vendorName != null && vendor == null) {
            errors.add(new InputError(file, vendorLine, "cpu-vendor " + DumpText.quote(vendorName)
                    + " is not one of libvirt's (" + String.join(", ", cpuMap.vendorNames()) + ")"));
        }
        if (!errors.isEmpty()) {
            return DumpReading.failed(errors);
        }
        DumpedCpu regs = new DumpedCpu();
        if (vendor != null) {
            regs.putVendor(vendor, vendorLine);
        }
        int labelled = features.size();
        // May add the minimum model's features that the runnable models bring (older labellers).
        Predicate<LibvirtFeature> untold = untold(cpuMap, features, runnable, notes);
        LibvirtFeatureBits.Bits bits = LibvirtFeatureBits.convert(cpuMap, catalog.get(), vendor, features::contains,
                untold);
        bits.values().forEach((k, v) -> regs.putRegister(k, v, node.nameLine()));
        notes.add(0, "built from the KubeVirt labels of node " + node.name() + ": " + labelled + " cpu-feature"
                + " and host-model-required-features names through the CPU map of " + CpuMap.VERSION
                + "; KubeVirt gives no family, model or stepping (leaf 1 eax) and no microcode revision.");
        if (!unknownModels.isEmpty()) {
            notes.add("cpu-model labels not in that map, not used: " + String.join(", ", unknownModels) + ".");
        }
        List<InputError> warnings = new ArrayList<>();
        bits.describe(file, node.nameLine(), "KubeVirt's labels", notes, warnings);
        if (!unknownFeatures.isEmpty()) {
            warnings.add(new InputError(file, node.nameLine(), "node " + node.name() + ": features not in the libvirt"
                    + " CPU map cpuidmask ships (" + CpuMap.VERSION + "): " + String.join(", ", unknownFeatures)
                    + "; ignored, their bits are written as 0"));
        }
        return new DumpReading(regs, "node " + node.name(), vendor, "KubeVirt node" + (hostModel == null ? ""
                : ", host-model " + hostModel), notes, warnings, List.of(),
                new DumpReading.Origin(node.name(), cluster == null ? null : cluster.text(), null, null));
    }

    /**
     * The features whose absence the labels cannot tell: with an older labeller (one that labels no
     * feature of the minimum model), the minimum model's features it has not labelled and that no
     * model the node can run brings.
     */
    private static Predicate<LibvirtFeature> untold(CpuMap cpuMap, Set<String> features, Set<String> runnable,
                                                    List<String> notes) {
        Set<String> minimum = cpuMap.model(MIN_CPU_MODEL).map(CpuModel::features).orElse(Set.of());
        if (minimum.stream().anyMatch(features::contains)) {
            return f -> false; // this labeller labels every feature: an unlabelled one is absent
        }
        Set<String> fromModels = new TreeSet<>();
        runnable.forEach(m -> fromModels.addAll(cpuMap.model(m).orElseThrow().features()));
        features.addAll(fromModels.stream().filter(minimum::contains).toList());
        notes.add("this labeller leaves out the features of KubeVirt's minimum CPU model (" + MIN_CPU_MODEL
                + " by default); they are taken from the models the node can run (cpu-model labels"
                + (runnable.isEmpty() ? ": none" : ": " + String.join(", ", runnable)) + ").");
        return f -> minimum.contains(f.name());
    }
}
