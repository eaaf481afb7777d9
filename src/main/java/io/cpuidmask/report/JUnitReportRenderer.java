package io.cpuidmask.report;

import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.RuleInfo;
import io.cpuidmask.model.Severity;
import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI servers: one testsuite per cluster and guest, one testcase per finding rule
 * evaluated, a failure for its ERROR findings (and WARNING findings with --fail-on warning);
 * input problems form a testsuite of their own. Written with StAX, which escapes all text.
 */
public final class JUnitReportRenderer implements ReportRenderer {

    private final boolean warningsFail;

    public JUnitReportRenderer(boolean warningsFail) {
        this.warningsFail = warningsFail;
    }

    @Override
    public String format() {
        return "junit";
    }

    @Override
    public String fileName() {
        return "report.junit.xml";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "cpuidmask");
            List<RuleInfo> findingRules = report.rules().stream().filter(r -> r.severity() != null).toList();
            int tests = 0;
            int failures = 0;
            for (ClusterResult c : report.clusters()) {
                tests += findingRules.size();
                failures += (int) findingRules.stream().filter(r -> !failing(c, r).isEmpty()).count();
            }
            x.writeAttribute("tests", String.valueOf(tests + report.inputErrors().size()));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("errors", String.valueOf(report.inputErrors().size()));
            x.writeCharacters("\n");
            for (ClusterResult c : report.clusters()) {
                suite(x, report, c, findingRules);
            }
            if (!report.inputErrors().isEmpty()) {
                inputSuite(x, report);
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.flush();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    private List<Finding> failing(ClusterResult c, RuleInfo rule) {
        return c.findings().stream().filter(f -> f.getRuleId().equals(rule.id()) && !f.isWaived())
                .filter(f -> f.getSeverity() == Severity.ERROR || (warningsFail && f.getSeverity() == Severity.WARNING))
                .toList();
    }

    private void suite(XMLStreamWriter x, Report report, ClusterResult c, List<RuleInfo> rules) throws XMLStreamException {
        x.writeStartElement("testsuite");
        x.writeAttribute("name", c.cluster() + "/" + c.guest());
        x.writeAttribute("tests", String.valueOf(rules.size()));
        x.writeAttribute("failures", String.valueOf(rules.stream().filter(r -> !failing(c, r).isEmpty()).count()));
        x.writeAttribute("errors", "0");
        x.writeAttribute("timestamp", report.generatedAt().toString().replaceAll("\\.\\d+Z$", "").replace("Z", ""));
        x.writeCharacters("\n");
        x.writeStartElement("properties");
        property(x, "cpuidmask.version", report.toolVersion());
        property(x, "rules.sha256", report.rulesSha256());
        property(x, "status", c.status().name());
        property(x, "hosts", String.join(",", c.clusterGuest().getHosts()));
        x.writeEndElement();
        x.writeCharacters("\n");
        for (RuleInfo r : rules) {
            x.writeStartElement("testcase");
            x.writeAttribute("classname", "cpuidmask." + c.cluster() + "." + c.guest());
            x.writeAttribute("name", r.id());
            List<Finding> failed = failing(c, r);
            if (!failed.isEmpty()) {
                x.writeStartElement("failure");
                x.writeAttribute("type", failed.get(0).getSeverity().name());
                x.writeAttribute("message", failed.get(0).getMessage());
                StringBuilder body = new StringBuilder();
                for (Finding f : failed) {
                    body.append(f.getSeverity()).append(' ').append(Locations.of(c, f)).append(": ")
                            .append(f.getMessage()).append('\n');
                }
                x.writeCharacters(body.toString());
                x.writeEndElement();
            }
            List<Finding> other = c.findings().stream().filter(f -> f.getRuleId().equals(r.id()))
                    .filter(f -> !failed.contains(f)).toList();
            if (!other.isEmpty()) {
                x.writeStartElement("system-out");
                StringBuilder body = new StringBuilder();
                other.forEach(f -> body.append(f.getSeverity()).append(f.isWaived() ? " (waived until "
                        + f.getWaiver().getExpires() + ": " + f.getWaiver().getReason() + ")" : "")
                        .append(' ').append(f.getMessage()).append('\n'));
                x.writeCharacters(body.toString());
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeCharacters("\n");
        }
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    private void inputSuite(XMLStreamWriter x, Report report) throws XMLStreamException {
        x.writeStartElement("testsuite");
        x.writeAttribute("name", "inputs");
        x.writeAttribute("tests", String.valueOf(report.inputErrors().size()));
        x.writeAttribute("failures", "0");
        x.writeAttribute("errors", String.valueOf(report.inputErrors().size()));
        x.writeCharacters("\n");
        for (InputError e : report.inputErrors()) {
            x.writeStartElement("testcase");
            x.writeAttribute("classname", "cpuidmask.inputs");
            x.writeAttribute("name", e.file() + (e.line() > 0 ? ":" + e.line() : ""));
            x.writeStartElement("error");
            x.writeAttribute("type", "input-error");
            x.writeAttribute("message", e.message());
            x.writeCharacters(e.render());
            x.writeEndElement();
            x.writeEndElement();
            x.writeCharacters("\n");
        }
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", value);
    }
}
