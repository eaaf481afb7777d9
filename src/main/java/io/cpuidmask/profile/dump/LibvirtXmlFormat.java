package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Numbers;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * libvirt CPU test data ({@code tests/cputestdata/x86_64-cpuid-*.xml}, also what
 * {@code cpu-data.py} gathers): {@code <cpudata arch='x86'><cpuid eax_in='0x00000001' ecx_in='0x00'
 * eax='0x..' ebx='..' ecx='..' edx='..'/>}. As in libvirt, a missing ecx_in or register is 0.
 * Read with the JDK's StAX parser, DTDs and external entities off (the file is untrusted).
 */
public final class LibvirtXmlFormat implements DumpFormat {

    private static final Pattern DETECT = Pattern.compile("<cpudata[\\s>/]");
    private static final Pattern DETECT_CPUID = Pattern.compile("<cpuid\\s");
    private static final int MAX_DEPTH = 16;

    @Override
    public String id() {
        return "libvirt";
    }

    @Override
    public String title() {
        return "libvirt CPU data XML";
    }

    private static int lineAt(String text, int index) {
        return 1 + (int) text.substring(0, index).chars().filter(c -> c == '\n').count();
    }

    @Override
    public boolean detect(String text) {
        return DETECT.matcher(text).find() && DETECT_CPUID.matcher(text).find();
    }

    @Override
    public DumpReading read(String file, String text) {
        List<InputError> errors = new ArrayList<>();
        DumpedCpu cpu = new DumpedCpu();
        XMLStreamReader xml = null;
        int doctype = text.indexOf("<!DOCTYPE");
        if (doctype >= 0) {
            // Refused before the XML parser sees it: no entity, no external reference, no DTD parsing at all.
            errors.add(new InputError(file, lineAt(text, doctype), "DOCTYPE declarations are not accepted in CPU data XML"));
            return DumpReading.failed(errors);
        }
        try {
            xml = factory().createXMLStreamReader(new StringReader(text));
            int depth = 0;
            boolean rootSeen = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    // The parser is at the end of the declaration; name the line where it starts.
                    int at = text.indexOf("<!DOCTYPE");
                    int line = at < 0 ? xml.getLocation().getLineNumber()
                            : 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
                    errors.add(new InputError(file, line, "DOCTYPE declarations are not accepted in CPU data XML"));
                    return DumpReading.failed(errors);
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                depth++;
                int line = xml.getLocation().getLineNumber();
                if (depth > MAX_DEPTH) {
                    errors.add(new InputError(file, line, "XML nested deeper than " + MAX_DEPTH + " elements"));
                    return DumpReading.failed(errors);
                }
                String name = xml.getLocalName();
                if (!rootSeen) {
                    rootSeen = true;
                    if (!name.equals("cpudata")) {
                        errors.add(new InputError(file, line, "root element is <" + name + ">, expected <cpudata>"));
                        return DumpReading.failed(errors);
                    }
                } else if (name.equals("cpuid") && depth == 2) {
                    readCpuid(file, xml, line, cpu, errors);
                }
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            errors.add(new InputError(file, Math.max(line, 1), "malformed XML: " + cleanMessage(e)));
        } catch (RuntimeException e) {
            // The JDK's parser can fail on odd input with an unchecked exception (MissingResourceException
            // while formatting its own message): still malformed XML, at the parser's position.
            int line = 1;
            try {
                line = xml == null || xml.getLocation() == null ? 1 : Math.max(1, xml.getLocation().getLineNumber());
            } catch (RuntimeException ignored) {
                // no position to give
            }
            errors.add(new InputError(file, line, "malformed XML (the XML parser gave up: " + e.getClass().getSimpleName() + ")"));
        } finally {
            close(xml);
        }
        if (cpu.isEmpty() && errors.isEmpty()) {
            errors.add(new InputError(file, 1, "no <cpuid> elements under <cpudata>"));
        }
        if (!errors.isEmpty()) {
            return DumpReading.failed(errors);
        }
        return new DumpReading(cpu, "", null, "", List.of(), List.of(), List.of());
    }

    private static void readCpuid(String file, XMLStreamReader xml, int line, DumpedCpu cpu, List<InputError> errors) {
        try {
            long leaf = number(xml, "eax_in", true);
            long subleaf = number(xml, "ecx_in", false);
            if (subleaf > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ecx_in " + subleaf + " is too large");
            }
            CpuidRow row = new CpuidRow(leaf, (int) subleaf, (int) number(xml, "eax", false),
                    (int) number(xml, "ebx", false), (int) number(xml, "ecx", false), (int) number(xml, "edx", false), line);
            if (!cpu.putRow(row)) {
                errors.add(new InputError(file, line, String.format("cpuid eax_in 0x%08x ecx_in 0x%02x appears twice"
                        + " (first at line %d)", leaf, subleaf, cpu.lineOf(leaf, (int) subleaf))));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new InputError(file, line, "<cpuid>: " + e.getMessage()));
        }
    }

    /** An attribute as libvirt reads it (strtoul base 0): 0x hex or decimal, 32 bits. */
    private static long number(XMLStreamReader xml, String attribute, boolean required) {
        String v = xml.getAttributeValue(null, attribute);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException("missing attribute " + attribute);
            }
            return 0;
        }
        String s = v.trim();
        try {
            return Numbers.parseUnsigned(s, 0xFFFF_FFFFL, attribute);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(attribute + "=" + DumpText.quote(s)
                    + " is not a 32-bit number (0x hex or decimal, ASCII digits)");
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return f;
    }

    private static String cleanMessage(XMLStreamException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int i = m.indexOf("Message: ");
        return (i >= 0 ? m.substring(i + 9) : m).replaceAll("\\s+", " ").trim();
    }

    private static void close(XMLStreamReader xml) {
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException e) {
                // nothing to release beyond the string reader
            }
        }
    }
}
