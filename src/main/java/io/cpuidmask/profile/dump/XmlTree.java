package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Untrusted XML (libvirt's CPU data, capabilities and domain capabilities) read into a small tree
 * of elements that keep their lines, with the JDK's StAX parser. DOCTYPE declarations are refused
 * before the parser sees them (no DTD, no entity, no external reference is ever read); nesting and
 * the number of elements are bounded; every problem is one error with its line, never an exception.
 */
final class XmlTree {

    /** Deeper than any libvirt document (capabilities nest 7 levels). */
    static final int MAX_DEPTH = 16;
    /** Capabilities of a 1,024-CPU host hold a few thousand elements. */
    static final int MAX_ELEMENTS = 200_000;

    /** One element: its attributes, its own text (trimmed), its line, its child elements. */
    record Element(String name, Map<String, String> attributes, String text, int line, List<Element> children) {

        Optional<Element> child(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).findFirst();
        }

        List<Element> children(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).toList();
        }

        String attribute(String attributeName) {
            return attributes.get(attributeName);
        }
    }

    /** The root element, or null with the errors that stopped the reading. */
    record Parsed(Element root, List<InputError> errors) {
    }

    /** What is being built for an open element. */
    private static final class Open {
        final String name;
        final Map<String, String> attributes;
        final int line;
        final StringBuilder text = new StringBuilder();
        final List<Element> children = new ArrayList<>();

        Open(String name, Map<String, String> attributes, int line) {
            this.name = name;
            this.attributes = attributes;
            this.line = line;
        }

        Element close() {
            return new Element(name, attributes, text.toString().trim(), line, List.copyOf(children));
        }
    }

    private XmlTree() {
    }

    static Parsed parse(String file, String text, String what) {
        int doctype = text.indexOf("<!DOCTYPE");
        if (doctype >= 0) {
            return failed(new InputError(file, lineAt(text, doctype), "DOCTYPE declarations are not accepted in " + what));
        }
        XMLStreamReader xml = null;
        try {
            xml = factory().createXMLStreamReader(new StringReader(text));
            Deque<Open> open = new ArrayDeque<>();
            Element root = null;
            int elements = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> {
                        return failed(new InputError(file, xml.getLocation().getLineNumber(),
                                "DOCTYPE declarations are not accepted in " + what));
                    }
                    case XMLStreamConstants.START_ELEMENT -> {
                        int line = xml.getLocation().getLineNumber();
                        if (open.size() >= MAX_DEPTH) {
                            return failed(new InputError(file, line, "XML nested deeper than " + MAX_DEPTH + " elements"));
                        }
                        if (++elements > MAX_ELEMENTS) {
                            return failed(new InputError(file, line, "more than " + MAX_ELEMENTS + " XML elements"));
                        }
                        Map<String, String> attributes = new LinkedHashMap<>();
                        for (int i = 0; i < xml.getAttributeCount(); i++) {
                            attributes.put(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
                        }
                        open.push(new Open(xml.getLocalName(), attributes, line));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!open.isEmpty()) {
                            open.peek().text.append(xml.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        Element done = open.pop().close();
                        if (open.isEmpty()) {
                            root = done;
                        } else {
                            open.peek().children.add(done);
                        }
                    }
                    default -> {
                        // comments, processing instructions, whitespace outside elements
                    }
                }
            }
            return root == null ? failed(new InputError(file, 1, "no XML element in the file"))
                    : new Parsed(root, List.of());
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            return failed(new InputError(file, Math.max(line, 1), "malformed XML: " + cleanMessage(e)));
        } catch (RuntimeException e) {
            // The JDK's parser can fail on odd input with an unchecked exception (MissingResourceException
            // while formatting its own message): still malformed XML, at the parser's position.
            return failed(new InputError(file, lineOf(xml), "malformed XML (the XML parser gave up: "
                    + e.getClass().getSimpleName() + ")"));
        } finally {
            close(xml);
        }
    }

    private static Parsed failed(InputError e) {
        return new Parsed(null, List.of(e));
    }

    static int lineAt(String text, int index) {
        return 1 + (int) text.substring(0, index).chars().filter(c -> c == '\n').count();
    }

    private static int lineOf(XMLStreamReader xml) {
        try {
            return xml == null || xml.getLocation() == null ? 1 : Math.max(1, xml.getLocation().getLineNumber());
        } catch (RuntimeException ignored) {
            return 1; // no position to give
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
