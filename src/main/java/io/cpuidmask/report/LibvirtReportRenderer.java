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
public final class LibvirtReportRenderer extends SettingsRenderer<LibvirtReportRenderer.Document> {

    /** libvirt's vendor names (x86_vendors.xml). */
    private static final Map<String, String> VENDORS = Map.of("GenuineIntel", "Intel", "AuthenticAMD", "AMD",
            "HygonGenuine", "Hygon");

    public LibvirtReportRenderer() {
        super("libvirt", "report.libvirt.xml");
    }

    @Override
    Document open(Writer writer, Report report) throws IOException {
        return new Document(writer, report);
    }

    @Override
    void section(Document out, ClusterResult c, ClusterBaseline b) throws IOException {
        NamedCpu cpu = namedCpu(out, b, HypervisorCpus.libvirt(), "no <cpu>", unsuited("libvirt"));
        if (cpu != null) {
            leftOut(out, cpu);
            out.write(xml -> cpu(xml, cpu, b));
        }
    }

    /** The one XML document: {@code <cpuidmask>}, a {@code <cluster name= guest= status=>} per section. */
    static final class Document implements SettingsFile {

        private final XMLStreamWriter xml;

        Document(Writer out, Report report) throws IOException {
            try {
                xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            } catch (XMLStreamException e) {
                throw failed(e);
            }
            write(x -> {
                x.writeStartDocument("UTF-8", "1.0");
                x.writeCharacters("\n");
                x.writeComment(" cpuidmask " + ConfigText.xmlComment(report.toolVersion()) + ": one <cpu> element per"
                        + " cluster and guest. To use one, replace the <cpu> element of the domain (virsh edit DOMAIN)"
                        + " with it, keeping any <topology> or <numa> children the domain had. The guest then sees the"
                        + " features every host of the cluster has and none that some host lacks, on whichever host it"
                        + " runs. ");
                x.writeCharacters("\n");
                x.writeStartElement("cpuidmask");
                x.writeAttribute("version", ConfigText.comment(Objects.toString(report.toolVersion(), "")));
            });
        }

        @Override
        public void openSection(ClusterResult c) throws IOException {
            write(x -> {
                x.writeCharacters("\n  ");
                x.writeStartElement("cluster");
                x.writeAttribute("name", ConfigText.comment(c.cluster()));
                x.writeAttribute("guest", ConfigText.comment(c.guest()));
                x.writeAttribute("status", c.status().name());
            });
        }

        @Override
        public void comment(String text) throws IOException {
            write(x -> {
                x.writeCharacters("\n    ");
                x.writeComment(" " + ConfigText.xmlComment(text) + " ");
            });
        }

        @Override
        public void closeSection() throws IOException {
            write(x -> {
                x.writeCharacters("\n  ");
                x.writeEndElement();
            });
        }

        @Override
        public void close() throws IOException {
            write(x -> {
                x.writeCharacters("\n");
                x.writeEndElement();
                x.writeCharacters("\n");
                x.writeEndDocument();
                x.flush();
            });
        }

        void write(XmlStep step) throws IOException {
            try {
                step.write(xml);
            } catch (XMLStreamException e) {
                throw failed(e);
            }
        }

        private static IOException failed(XMLStreamException e) {
            return new IOException("cannot write libvirt XML: " + e.getMessage(), e);
        }
    }

    /** Some elements of the document; StAX reports a failure as an XMLStreamException. */
    interface XmlStep {
        void write(XMLStreamWriter xml) throws XMLStreamException;
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
        Integer physBits = physBits(b, cpu);
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
}
