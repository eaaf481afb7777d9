package io.cpuidmask.profile.dump;

import java.util.List;
import java.util.regex.Pattern;

/**
 * libvirt's XML, by its root element: CPU test data ({@code <cpudata>}, exact registers, see
 * {@link LibvirtCpuData}), and the host CPU of {@code virsh capabilities} ({@code <capabilities>})
 * and of {@code virsh domcapabilities} ({@code <domainCapabilities>}, its host-model), a libvirt
 * model and feature names turned into bits through the shipped CPU map (see {@link LibvirtHostCpu}).
 * Read as an element tree ({@link XmlTree}: no DTD, no entities, bounded).
 */
public final class LibvirtXmlFormat implements DumpFormat {

    private static final Pattern DETECT_CPUDATA = Pattern.compile("<cpudata[\\s>/]");
    private static final Pattern DETECT_CPUID = Pattern.compile("<cpuid\\s");
    private static final Pattern DETECT_CAPABILITIES = Pattern.compile("<capabilities[\\s>]");
    private static final Pattern DETECT_DOMCAPS = Pattern.compile("<domainCapabilities[\\s>]");
    private static final Pattern DETECT_HOST = Pattern.compile("<host[\\s>]");

    private final LibvirtHostCpu hostCpu;

    public LibvirtXmlFormat() {
        this(new LibvirtHostCpu());
    }

    LibvirtXmlFormat(LibvirtHostCpu hostCpu) {
        this.hostCpu = hostCpu;
    }

    @Override
    public String id() {
        return "libvirt";
    }

    @Override
    public String title() {
        return "libvirt XML";
    }

    @Override
    public String startsWith() {
        return "<";
    }

    @Override
    public boolean detect(String text) {
        return (DETECT_CPUDATA.matcher(text).find() && DETECT_CPUID.matcher(text).find())
                || (DETECT_CAPABILITIES.matcher(text).find() && DETECT_HOST.matcher(text).find())
                || DETECT_DOMCAPS.matcher(text).find();
    }

    @Override
    public DumpReading read(String file, String text) {
        XmlTree.Parsed parsed = XmlTree.parse(file, text, "libvirt XML");
        if (parsed.root() == null) {
            return DumpReading.failed(parsed.errors());
        }
        XmlTree.Element root = parsed.root();
        return switch (root.name()) {
            case "cpudata" -> LibvirtCpuData.read(file, root);
            case "capabilities" -> hostCpu.fromCapabilities(file, root);
            case "domainCapabilities" -> hostCpu.fromDomainCapabilities(file, root);
            default -> DumpReading.failed(List.of(new io.cpuidmask.model.InputError(file, root.line(), "root element is <"
                    + root.name() + ">, expected <cpudata>, <capabilities> or <domainCapabilities>")));
        };
    }
}
