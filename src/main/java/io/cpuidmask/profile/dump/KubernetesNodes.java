package io.cpuidmask.profile.dump;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.cpuidmask.model.InputError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of {@code kubectl get nodes -o json} (a {@code List} or {@code NodeList} of Nodes, or
 * one Node), read with Jackson's streaming parser so that every node and label keeps its line:
 * name, labels and the one annotation cpuidmask reads; everything else (spec, status) is skipped
 * unread. Duplicate keys and nesting deeper than {@link #MAX_DEPTH} are malformed JSON.
 */
final class KubernetesNodes {

    /** Node objects nest about eight levels; deeper is no kubectl output. */
    static final int MAX_DEPTH = 64;

    /** A label or annotation value and its line. */
    record Value(String text, int line) {
    }

    /** One node: where it starts, its name, labels and annotations, and the problems in them. */
    record Node(int line, String name, int nameLine, Map<String, Value> labels, Map<String, Value> annotations,
                List<InputError> errors) {
    }

    /** The nodes in file order, or the errors that made the file unreadable. */
    record Nodes(List<Node> nodes, List<InputError> errors) {
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private KubernetesNodes() {
    }

    static Nodes read(String file, String text) {
        List<InputError> errors = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        JsonParser parser = null;
        try (JsonParser p = JSON.createParser(text)) {
            parser = p;
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Nodes(List.of(), List.of(new InputError(file, line(p),
                        "expected a JSON object, as kubectl get nodes -o json writes")));
            }
            Resource root = resource(file, p, nodes, errors);
            if (p.nextToken() != null) {
                errors.add(new InputError(file, line(p), "unexpected content after the JSON object"));
            }
            if ("Node".equals(root.kind()) && root.node() != null) {
                nodes.add(root.node());
            } else if (!root.listed() || (root.kind() != null && !root.kind().equals("List")
                    && !root.kind().equals("NodeList"))) {
                errors.add(new InputError(file, root.kindLine(), "kind " + (root.kind() == null ? "missing"
                        : DumpText.quote(root.kind())) + ": expected a Node, or a List of Nodes (kubectl get nodes -o json)"));
            }
        } catch (JsonProcessingException e) {
            // A nesting-limit error carries no location: the parser still knows where it stopped.
            int at = e.getLocation() != null ? Math.max(1, e.getLocation().getLineNr())
                    : parser == null ? 1 : Math.max(1, parser.currentLocation().getLineNr());
            return new Nodes(List.of(), List.of(new InputError(file, at, "malformed JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            return new Nodes(List.of(), List.of(new InputError(file, 1, "cannot read JSON: " + e.getMessage())));
        }
        return errors.isEmpty() ? new Nodes(nodes, List.of()) : new Nodes(List.of(), errors);
    }

    /** What an object of the file says: its kind, its metadata as a node, whether it had an items list. */
    private record Resource(String kind, int kindLine, Node node, boolean listed) {
    }

    /**
     * A Kubernetes object (the file's root, or an item of its list); the parser is on its
     * START_OBJECT. The nodes of an items list go to {@code nodes}.
     */
    private static Resource resource(String file, JsonParser p, List<Node> nodes, List<InputError> errors)
            throws IOException {
        int at = line(p);
        String kind = null;
        int kindLine = at;
        Node node = null;
        boolean listed = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("kind") && value == JsonToken.VALUE_STRING) {
                kind = p.getText();
                kindLine = line(p);
            } else if (field.equals("items") && value == JsonToken.START_ARRAY) {
                listed = true;
                items(file, p, nodes, errors);
            } else if (field.equals("metadata") && value == JsonToken.START_OBJECT) {
                node = node(file, p, at);
            } else {
                p.skipChildren();
            }
        }
        return new Resource(kind, kindLine, node, listed);
    }

    /** The items array; the parser is on its START_ARRAY. Items that are no Node are errors. */
    private static void items(String file, JsonParser p, List<Node> nodes, List<InputError> errors) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int at = line(p);
            if (t != JsonToken.START_OBJECT) {
                errors.add(new InputError(file, at, "items must be Node objects, found " + t));
                p.skipChildren();
                continue;
            }
            Resource item = resource(file, p, new ArrayList<>(), errors);
            if (item.listed() || (item.kind() != null && !item.kind().equals("Node"))) {
                errors.add(new InputError(file, at, "an item of kind " + DumpText.quote(String.valueOf(item.kind()))
                        + ", not a Node"));
            } else if (item.node() == null) {
                errors.add(new InputError(file, at, "a Node without metadata"));
            } else {
                nodes.add(item.node());
            }
        }
    }

    /** A node's metadata; the parser is on its START_OBJECT. */
    private static Node node(String file, JsonParser p, int line) throws IOException {
        List<InputError> errors = new ArrayList<>();
        String name = null;
        int nameLine = line;
        Map<String, Value> labels = new LinkedHashMap<>();
        Map<String, Value> annotations = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> {
                    nameLine = line(p);
                    if (value == JsonToken.VALUE_STRING) {
                        name = p.getText();
                    } else {
                        errors.add(new InputError(file, nameLine, "metadata.name must be a string"));
                        p.skipChildren();
                    }
                }
                case "labels" -> strings(file, p, value, "labels", labels, errors);
                case "annotations" -> strings(file, p, value, "annotations", annotations, errors);
                default -> p.skipChildren();
            }
        }
        if (name == null && errors.isEmpty()) {
            errors.add(new InputError(file, line, "a Node without metadata.name"));
        }
        return new Node(line, name, nameLine, labels, annotations, errors);
    }

    private static void strings(String file, JsonParser p, JsonToken value, String what, Map<String, Value> into,
                                List<InputError> errors) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            errors.add(new InputError(file, line(p), "metadata." + what + " must be an object of strings"));
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_STRING) {
                into.put(key, new Value(p.getText(), line(p)));
            } else {
                errors.add(new InputError(file, line(p), what + " " + DumpText.quote(key) + " must be a string"));
                p.skipChildren();
            }
        }
    }

    private static int line(JsonParser p) {
        return Math.max(1, p.currentTokenLocation().getLineNr());
    }
}
