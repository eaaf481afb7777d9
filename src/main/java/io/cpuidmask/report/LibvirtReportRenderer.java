package io.cpuidmask.report;

import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.HypervisorCpus;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code report.libvirt.xml}: for every cluster and guest a libvirt domain {@code <cpu>} element,
 * {@code <cpu mode='custom' match='exact' check='full'>} with {@code <model fallback='forbid'>},
 * {@code <feature policy='require'>} for the common features beyond the model and
 * {@code policy='disable'} for the model's features some host lacks, in libvirt's names (its CPU
 * map): the shape {@code virsh hypervisor-cpu-baseline} gives. A custom model, unlike
 * {@code host-model}, is the same CPU on every host; {@code check='full'} makes libvirt refuse to
 * start a guest whose CPU QEMU could not give in full. The elements sit in one well-formed document,
 * {@code <cpuidmask><cluster name= guest= status=>}. Written with StAX, which escapes all text.
 */
public final class LibvirtReportRenderer implements ReportRenderer {

    /** libvirt's vendor names (x86_vendors.xml). */
    private static final Map<String, String> VENDORS = Map.of("GenuineIntel", "Intel", "AuthenticAMD", "AMD",
            "HygonGenuine", "Hygon");

    @Override
    public String format() {
        return "libvirt";
    }

    @Override
    public String fileName() {
        return "report.libvirt.xml";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        SettingsSections sections = new SettingsSections();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeComment(" cpuidmask " + ConfigText.xmlComment(report.toolVersion()) + ": one <cpu> element per cluster"
                    + " and guest. To use one, replace the <cpu> element of the domain (virsh edit DOMAIN) with it, keeping"
                    + " any <topology> or <numa> children the domain had. The guest then sees the features every host of"
                    + " the cluster has and none that some host lacks, on whichever host it runs. ");
            xml.writeCharacters("\n");
            xml.writeStartElement("cpuidmask");
            xml.writeAttribute("version", ConfigText.comment(Objects.toString(report.toolVersion(), "")));
            for (ClusterResult c : report.clusters()) {
                ClusterBaseline b = sections.baseline(c);
                xml.writeCharacters("\n  ");
                xml.writeStartElement("cluster");
                xml.writeAttribute("name", ConfigText.comment(c.cluster()));
                xml.writeAttribute("guest", ConfigText.comment(c.guest()));
                xml.writeAttribute("status", c.status().name());
                comment(xml, "hosts: " + SettingsSections.hosts(b));
                NamedCpu cpu = b.vendor() == null ? null : HypervisorCpus.libvirt().choose(b.vendor(), b.commonFeatures());
                if (cpu == null || cpu.model() == null) {
                    comment(xml, "no <cpu>: " + SettingsSections.noModel(b, "libvirt"));
                } else {
                    if (!cpu.leftOut().isEmpty()) {
                        comment(xml, "every host has, but the guest does not get: " + SettingsSections.leftOut(cpu.leftOut()));
                    }
                    cpu(xml, cpu, b);
                }
                xml.writeCharacters("\n  ");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write libvirt XML: " + e.getMessage(), e);
        }
    }

    private static void cpu(XMLStreamWriter xml, NamedCpu cpu, ClusterBaseline b) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("cpu");
        xml.writeAttribute("mode", "custom");
        xml.writeAttribute("match", "exact");
        xml.writeAttribute("check", "full");
        xml.writeCharacters("\n      ");
        xml.writeStartElement("model");
        xml.writeAttribute("fallback", "forbid");
        xml.writeCharacters(cpu.model());
        xml.writeEndElement();
        String vendor = VENDORS.get(b.vendor());
        if (vendor != null) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement("vendor");
            xml.writeCharacters(vendor);
            xml.writeEndElement();
        }
        Integer physBits = SettingsSections.physBits(b, cpu);
        if (physBits != null) {
            // libvirt 8.7 and later; QEMU's phys-bits: no guest address beyond what the smallest host has
            xml.writeCharacters("\n      ");
            xml.writeEmptyElement("maxphysaddr");
            xml.writeAttribute("mode", "emulate");
            xml.writeAttribute("bits", Integer.toString(physBits));
        }
        for (String f : cpu.add()) {
            feature(xml, "require", f);
        }
        for (String f : cpu.remove()) {
            feature(xml, "disable", f);
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
    }

    private static void feature(XMLStreamWriter xml, String policy, String name) throws XMLStreamException {
        xml.writeCharacters("\n      ");
        xml.writeEmptyElement("feature");
        xml.writeAttribute("policy", policy);
        xml.writeAttribute("name", name);
    }

    private static void comment(XMLStreamWriter xml, String text) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeComment(" " + ConfigText.xmlComment(text) + " ");
    }
}
