package io.cpuidmask.profile.dump;

import io.cpuidmask.catalog.CpuMap;
import io.cpuidmask.catalog.CpuModel;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.CpuSignature;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Numbers;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The host CPU as libvirt names it: {@code virsh capabilities} ({@code <host><cpu>}: arch, model,
 * vendor, microcode, signature, features) and {@code virsh domcapabilities} (the
 * {@code <mode name='host-model'>}: model, vendor, features with require/disable policies). The
 * model's features come from the shipped CPU map, the listed ones are added (or, disabled, taken
 * away); bits libvirt has no name for cannot be known and are listed, as for /proc/cpuinfo.
 */
final class LibvirtHostCpu {

    private static final Set<String> PRESENT = Set.of("require", "force", "optional");
    private static final Set<String> ABSENT = Set.of("disable", "forbid");
    private static final Set<String> X86 = Set.of("x86_64", "i686");

    private final Supplier<CpuMap> map;
    private final Supplier<FeatureCatalog> catalog;

    LibvirtHostCpu() {
        this(CpuMap::shipped, FeatureCatalogs::shipped);
    }

    LibvirtHostCpu(Supplier<CpuMap> map, Supplier<FeatureCatalog> catalog) {
        this.map = map;
        this.catalog = catalog;
    }

    DumpReading fromCapabilities(String file, XmlTree.Element root) {
        XmlTree.Element host = root.child("host").orElse(null);
        XmlTree.Element cpu = host == null ? null : host.child("cpu").orElse(null);
        if (cpu == null) {
            return failed(file, host == null ? root.line() : host.line(), "no <host><cpu> element: not the output of"
                    + " virsh capabilities");
        }
        String arch = cpu.child("arch").map(XmlTree.Element::text).orElse("");
        return read(file, cpu, arch, "host CPU", "virsh capabilities host CPU", "libvirt's name for the host CPU", List.of());
    }

    DumpReading fromDomainCapabilities(String file, XmlTree.Element root) {
        XmlTree.Element cpu = root.child("cpu").orElse(null);
        XmlTree.Element mode = cpu == null ? null : cpu.children("mode").stream()
                .filter(m -> "host-model".equals(m.attribute("name"))).findFirst().orElse(null);
        if (mode == null) {
            return failed(file, cpu == null ? root.line() : cpu.line(), "no <cpu><mode name='host-model'> element:"
                    + " these domain capabilities describe no host CPU");
        }
        if ("no".equals(mode.attribute("supported"))) {
            return failed(file, mode.line(), "host-model is not supported here (supported='no'): these domain"
                    + " capabilities describe no host CPU");
        }
        String arch = root.child("arch").map(XmlTree.Element::text).orElse("");
        return read(file, mode, arch, "host-model CPU", "virsh domcapabilities host-model", "libvirt host-model",
                List.of("domain capabilities describe the CPU QEMU/KVM offers"
                + " guests on this host (host-model): features KVM does not pass through are missing, 'hypervisor' may be"
                + " set; virsh capabilities describes the host CPU itself."));
    }

    private static DumpReading failed(String file, int line, String message) {
        return DumpReading.failed(List.of(new InputError(file, line, message)));
    }

    private DumpReading read(String file, XmlTree.Element cpu, String arch, String label, String cpuLabel,
                             String described, List<String> firstNotes) {
        List<InputError> errors = new ArrayList<>();
        if (!arch.isEmpty() && !X86.contains(arch)) {
            return failed(file, cpu.line(), "the " + label + " is " + DumpText.quote(arch) + ": cpuidmask profiles x86"
                    + " CPUs only");
        }
        List<XmlTree.Element> models = cpu.children("model");
        if (models.isEmpty()) {
            return failed(file, cpu.line(), "the " + label + " has no <model>: libvirt could not name it (a CPU its"
                    + " map does not know, or a driver that gives none, as the test driver does)");
        }
        if (models.size() > 1) {
            return failed(file, models.get(1).line(), "more than one <model> in the " + label);
        }
        CpuMap cpuMap = map.get();
        XmlTree.Element modelElement = models.get(0);
        CpuModel model = cpuMap.model(modelElement.text()).orElse(null);
        if (model == null) {
            return failed(file, modelElement.line(), "CPU model " + DumpText.quote(modelElement.text())
                    + " is not in the libvirt CPU map cpuidmask ships (" + CpuMap.VERSION + "): its features are"
                    + " unknown; import the host's CPU data (libvirt's cpu-data.py) or cpuid -1r instead");
        }
        String vendor = vendor(file, cpu, model, cpuMap, errors);
        Set<String> present = new TreeSet<>(model.features());
        List<String> unknown = new ArrayList<>();
        int listed = features(file, cpu, cpuMap, present, unknown, errors);
        DumpedCpu regs = new DumpedCpu();
        List<String> notes = new ArrayList<>(firstNotes);
        putSignature(file, cpu, regs, notes, errors);
        Long microcode = microcode(file, cpu, notes, errors);
        if (!errors.isEmpty()) {
            return DumpReading.failed(errors);
        }
        int line = modelElement.line();
        if (vendor != null) {
            regs.putVendor(vendor, cpu.child("vendor").map(XmlTree.Element::line).orElse(line));
        }
        LibvirtFeatureBits.Bits bits = LibvirtFeatureBits.convert(cpuMap, catalog.get(), vendor, present::contains,
                f -> false);
        bits.values().forEach((k, v) -> regs.putRegister(k, v, line));
        notes.add(0, "built from libvirt's model " + model.name() + " (" + model.features().size() + " features in the"
                + " CPU map of " + CpuMap.VERSION + ") and " + listed + " <feature> elements: a bit libvirt names is"
                + " exact, a bit it has no name for cannot be known.");
        List<InputError> warnings = new ArrayList<>();
        bits.describe(file, line, "libvirt's model and feature names", notes, warnings);
        if (!unknown.isEmpty()) {
            warnings.add(new InputError(file, line, "features not in the libvirt CPU map cpuidmask ships ("
                    + CpuMap.VERSION + "): " + String.join(", ", unknown) + "; ignored, their bits are written as 0"));
        }
        return new DumpReading(regs, cpuLabel, vendor, model.name() + " (" + described + ")", notes, warnings,
                List.of(), new DumpReading.Origin(null, null, microcode, null));
    }

    private static String vendor(String file, XmlTree.Element cpu, CpuModel model, CpuMap cpuMap,
                                 List<InputError> errors) {
        XmlTree.Element v = cpu.child("vendor").orElse(null);
        if (v == null) {
            return model.vendor(); // the model's own vendor; null for generic models (qemu64)
        }
        String s = cpuMap.vendorString(v.text()).orElse(null);
        if (s == null) {
            errors.add(new InputError(file, v.line(), "vendor " + DumpText.quote(v.text()) + " is not one of libvirt's ("
                    + String.join(", ", cpuMap.vendorNames()) + ")"));
        }
        return s;
    }

    /** Adds the present features to {@code present} (removing disabled ones); returns how many were listed. */
    private static int features(String file, XmlTree.Element cpu, CpuMap cpuMap, Set<String> present,
                                List<String> unknown, List<InputError> errors) {
        List<XmlTree.Element> features = cpu.children("feature");
        for (XmlTree.Element f : features) {
            String name = f.attribute("name");
            String policy = f.attribute("policy");
            if (name == null || name.isBlank()) {
                errors.add(new InputError(file, f.line(), "<feature> without a name"));
                continue;
            }
            if (policy != null && !PRESENT.contains(policy) && !ABSENT.contains(policy)) {
                errors.add(new InputError(file, f.line(), "feature " + DumpText.quote(name) + " has policy "
                        + DumpText.quote(policy) + " (libvirt's are force, require, optional, disable, forbid)"));
                continue;
            }
            if (cpuMap.feature(name).isEmpty() && !cpuMap.isMsrFeature(name)) {
                unknown.add(DumpText.quote(name));
            }
            if (policy != null && ABSENT.contains(policy)) {
                present.remove(name);
            } else {
                present.add(name);
            }
        }
        return features.size();
    }

    /** Leaf 1 EAX from {@code <signature family= model= stepping=>} (display values, decimal). */
    private static void putSignature(String file, XmlTree.Element cpu, DumpedCpu regs, List<String> notes,
                                     List<InputError> errors) {
        XmlTree.Element s = cpu.child("signature").orElse(null);
        if (s == null) {
            return;
        }
        try {
            int eax = CpuSignature.encode(decimal(s, "family", 0x10E), decimal(s, "model", 0xFF),
                    decimal(s, "stepping", 0xF));
            regs.putRegister(RegisterKey.of(1, Register.EAX), eax, s.line());
            notes.add("leaf 1 eax rebuilt from <signature family='" + s.attribute("family") + "' model='"
                    + s.attribute("model") + "' stepping='" + s.attribute("stepping")
                    + "'/> (processor type bits 13:12 taken as 0).");
        } catch (IllegalArgumentException e) {
            errors.add(new InputError(file, s.line(), "<signature> does not make a CPUID signature: " + e.getMessage()));
        }
    }

    private static int decimal(XmlTree.Element e, String attribute, int max) {
        String v = e.attribute(attribute);
        if (v == null) {
            throw new IllegalArgumentException("missing attribute " + attribute);
        }
        return Numbers.parseInt(v.trim(), max, attribute);
    }

    /** {@code <microcode version='236'/>}: libvirt writes the revision in decimal. */
    private static Long microcode(String file, XmlTree.Element cpu, List<String> notes, List<InputError> errors) {
        XmlTree.Element m = cpu.child("microcode").orElse(null);
        if (m == null) {
            return null;
        }
        try {
            long revision = LibvirtCpuData.number(m, "version", true);
            notes.add("microcode revision " + io.cpuidmask.model.RegisterValues.microcodeHex(revision) + " from"
                    + " <microcode version='" + m.attribute("version") + "'/> (decimal in libvirt's XML).");
            return revision;
        } catch (IllegalArgumentException e) {
            errors.add(new InputError(file, m.line(), "<microcode>: " + e.getMessage()));
            return null;
        }
    }
}
