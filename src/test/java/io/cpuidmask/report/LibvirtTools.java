package io.cpuidmask.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * libvirt's side of the tests for outputs that hypervisor managers turn into a domain's
 * {@code <cpu>} (Nova, KubeVirt): that {@code <cpu>} built as they build it, libvirt's schema check
 * ({@code virt-xml-validate}) and the CPU models libvirt knows ({@code virsh cpu-models}).
 */
final class LibvirtTools {

    /** A {@code <feature>} of a guest CPU. */
    record Feature(String name, String policy) {
    }

    private LibvirtTools() {
    }

    /**
     * {@code <cpu mode='custom' match=...><model>M</model><feature policy= name=/>...</cpu>}, built as a
     * DOM (names escaped); {@code match} null: none (libvirt's default, exact).
     */
    static Element customCpu(String match, String model, List<Feature> features) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element cpu = doc.createElement("cpu");
            cpu.setAttribute("mode", "custom");
            if (match != null) {
                cpu.setAttribute("match", match);
            }
            Element m = doc.createElement("model");
            m.setTextContent(model);
            cpu.appendChild(m);
            for (Feature f : features) {
                Element e = doc.createElement("feature");
                e.setAttribute("policy", f.policy());
                e.setAttribute("name", f.name());
                cpu.appendChild(e);
            }
            doc.appendChild(cpu);
            return cpu;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What virt-xml-validate says against libvirt's {@code cpu} schema, per element it refuses. */
    static List<String> validate(Path dir, List<Element> cpus) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < cpus.size(); i++) {
            Path file = dir.resolve("cpu" + i + ".xml");
            try {
                TransformerFactory.newInstance().newTransformer().transform(new DOMSource(cpus.get(i)),
                        new StreamResult(file.toFile()));
            } catch (TransformerException e) {
                throw new IOException(e);
            }
            Process p = new ProcessBuilder("virt-xml-validate", file.toString(), "cpu").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                problems.add(file + ": virt-xml-validate did not finish");
            } else if (p.exitValue() != 0) {
                problems.add(Files.readString(file) + "\n" + output);
            }
        }
        return problems;
    }

    /** The x86 CPU models of the installed libvirt ({@code virsh cpu-models x86_64}, virConnectGetCPUModelNames). */
    static List<String> cpuModels() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("virsh", "-c", "test:///default", "cpu-models", "x86_64").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("virsh cpu-models failed: " + output);
        }
        return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
