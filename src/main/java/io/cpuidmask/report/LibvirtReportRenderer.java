package io.cpuidmask.report;

import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.engine.ClusterResult;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code report.libvirt.xml}: for every cluster and guest a libvirt domain {@code <cpu>} element,
 * {@code <cpu mode='host-model' check='partial'>} with {@code <feature policy='disable' name='...'/>}
 * for each hidden bit, under libvirt's own feature names (libvirt's CPU map, the same names
 * {@code virsh cpu-baseline} prints; syntax: libvirt "Domain XML format", CPU model and topology).
 * The elements sit in one well-formed document, {@code <cpuidmask><cluster name= guest=>}; bits
 * libvirt has no name for are listed in an XML comment. Written with StAX, which escapes all text.
 */
public final class LibvirtReportRenderer implements ReportRenderer {

    private final FeatureCatalog features;

    public LibvirtReportRenderer(FeatureCatalog features) {
        this.features = features;
    }

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
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeComment(" cpuidmask " + ConfigText.xmlComment(report.toolVersion()) + ": one <cpu> element per cluster and guest."
                    + " To use one, replace the <cpu> element of the domain (virsh edit DOMAIN) with it, keeping any"
                    + " <topology> or <numa> children the domain had; host-model starts from each host's CPU and"
                    + " disables the listed features, so the guest sees only what every host of the cluster has. ");
            xml.writeCharacters("\n");
            xml.writeStartElement("cpuidmask");
            xml.writeAttribute("version", ConfigText.comment(Objects.toString(report.toolVersion(), "")));
            for (ClusterResult c : report.clusters()) {
                List<HiddenFeature> hidden = HiddenFeature.of(c, features);
                xml.writeCharacters("\n  ");
                xml.writeStartElement("cluster");
                xml.writeAttribute("name", ConfigText.comment(c.cluster()));
                xml.writeAttribute("guest", ConfigText.comment(c.guest()));
                xml.writeAttribute("status", c.status().name());
                List<HiddenFeature> unnamed = hidden.stream().filter(h -> h.libvirt() == null).toList();
                if (!unnamed.isEmpty()) {
                    xml.writeCharacters("\n    ");
                    xml.writeComment(" no libvirt name, cannot be disabled here: " + ConfigText.xmlComment(
                            unnamed.stream().map(HiddenFeature::describe).collect(Collectors.joining(", "))) + " ");
                }
                xml.writeCharacters("\n    ");
                xml.writeStartElement("cpu");
                xml.writeAttribute("mode", "host-model");
                xml.writeAttribute("check", "partial");
                for (String name : hidden.stream().filter(h -> h.libvirt() != null).map(h -> h.libvirt().name())
                        .distinct().toList()) {
                    xml.writeCharacters("\n      ");
                    xml.writeEmptyElement("feature");
                    xml.writeAttribute("policy", "disable");
                    xml.writeAttribute("name", name);
                }
                xml.writeCharacters("\n    ");
                xml.writeEndElement();
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
}
