package uk.transferofcare.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parsing and the two textual forms a schema is stored and compared in.
 *
 * <ul>
 *   <li><b>Stored form</b> (always, as Confluent's {@code AvroSchema.canonicalString()}): Avro's own JSON rendering
 *       of the parsed schema ({@link Schema#toString()}), so whitespace and attribute order in the submitted text do
 *       not matter, while docs, defaults, aliases, logical types and custom properties are kept.
 *   <li><b>Normalized form</b> ({@code ?normalize=true}): the stored form further made independent of how names and
 *       properties were written: every named type is written with its full name (no {@code namespace} attribute,
 *       references to named types fully qualified, aliases fully qualified and sorted), and the attributes of every
 *       type and field are in a fixed order ({@code type}, {@code name}, then the structural ones, then all others
 *       sorted by name). Unlike Avro's Parsing Canonical Form it keeps docs, defaults, aliases, logical types and
 *       custom properties, since those matter to schema evolution and to readers.
 * </ul>
 */
final class AvroSchemas {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final Set<String> PRIMITIVES =
            Set.of("null", "boolean", "int", "long", "float", "double", "bytes", "string");

    private AvroSchemas() {}

    /** Parses a schema text, validating names and defaults as Avro does by default. */
    static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    /** The form the registry stores and compares schemas in. */
    static String storedForm(Schema schema, boolean normalize) {
        String text = schema.toString();
        return normalize ? normalize(text) : text;
    }

    /** The normalized form of a schema text in Avro's own rendering. */
    static String normalize(String avroJson) {
        JsonNode tree = JSON.readTree(avroJson);
        return JSON.writeValueAsString(normalizeType(tree, ""));
    }

    private static JsonNode normalizeType(JsonNode node, String namespace) {
        if (node.isString()) {
            return JSON.getNodeFactory().stringNode(qualifyReference(node.stringValue(), namespace));
        }
        if (node.isArray()) {
            ArrayNode union = JSON.createArrayNode();
            node.forEach(branch -> union.add(normalizeType(branch, namespace)));
            return union;
        }
        if (!node.isObject()) {
            return node;
        }
        JsonNode type = node.path("type");
        if (!type.isString()) {
            // {"type": {...}} or {"type": [...]}: a wrapped type.
            ObjectNode out = JSON.createObjectNode();
            out.set("type", normalizeType(type, namespace));
            copySorted(node, out, Set.of("type"));
            return out;
        }
        String typeName = type.stringValue();
        switch (typeName) {
            case "record", "error", "enum", "fixed" -> {
                return normalizeNamed(node, typeName, namespace);
            }
            case "array" -> {
                ObjectNode out = JSON.createObjectNode();
                out.put("type", "array");
                out.set("items", normalizeType(node.path("items"), namespace));
                copySorted(node, out, Set.of("type", "items"));
                return out;
            }
            case "map" -> {
                ObjectNode out = JSON.createObjectNode();
                out.put("type", "map");
                out.set("values", normalizeType(node.path("values"), namespace));
                copySorted(node, out, Set.of("type", "values"));
                return out;
            }
            default -> {
                if (PRIMITIVES.contains(typeName) && node.size() == 1) {
                    return JSON.getNodeFactory().stringNode(typeName);
                }
                ObjectNode out = JSON.createObjectNode();
                out.put("type", PRIMITIVES.contains(typeName) ? typeName : qualifyReference(typeName, namespace));
                copySorted(node, out, Set.of("type"));
                return out;
            }
        }
    }

    private static ObjectNode normalizeNamed(JsonNode node, String typeName, String enclosingNamespace) {
        String name = node.path("name").asString("");
        String namespace = node.has("namespace") ? node.path("namespace").asString("") : enclosingNamespace;
        String fullName;
        if (name.contains(".")) {
            fullName = name;
            namespace = name.substring(0, name.lastIndexOf('.'));
        } else {
            fullName = namespace.isEmpty() ? name : namespace + "." + name;
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("type", typeName);
        out.put("name", fullName);
        Set<String> done = Set.of("type", "name", "namespace", "fields", "symbols", "size", "aliases");
        switch (typeName) {
            case "record", "error" -> {
                ArrayNode fields = out.putArray("fields");
                for (JsonNode field : node.path("fields")) {
                    ObjectNode f = JSON.createObjectNode();
                    f.set("name", field.path("name"));
                    f.set("type", normalizeType(field.path("type"), namespace));
                    if (field.has("aliases")) {
                        f.set("aliases", sortedStrings(field.path("aliases")));
                    }
                    copySorted(field, f, Set.of("name", "type", "aliases"));
                    fields.add(f);
                }
            }
            case "enum" -> out.set("symbols", node.path("symbols"));
            case "fixed" -> out.set("size", node.path("size"));
            default -> throw new IllegalStateException(typeName);
        }
        if (node.has("aliases")) {
            ArrayNode aliases = JSON.createArrayNode();
            List<String> qualified = new ArrayList<>();
            for (JsonNode alias : node.path("aliases")) {
                qualified.add(qualifyReference(alias.asString(""), namespace));
            }
            qualified.stream().sorted().forEach(aliases::add);
            out.set("aliases", aliases);
        }
        copySorted(node, out, done);
        return out;
    }

    /** A name as written in a schema, resolved against the namespace it appears in. */
    private static String qualifyReference(String name, String namespace) {
        if (PRIMITIVES.contains(name) || name.contains(".") || namespace.isEmpty()) {
            return name;
        }
        return namespace + "." + name;
    }

    private static ArrayNode sortedStrings(JsonNode array) {
        ArrayNode out = JSON.createArrayNode();
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString("")));
        values.stream().sorted().forEach(out::add);
        return out;
    }

    /** Copies the remaining attributes sorted by name; JSON objects inside them get sorted keys too. */
    private static void copySorted(JsonNode from, ObjectNode to, Set<String> skip) {
        Map<String, JsonNode> rest = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            if (!skip.contains(e.getKey())) {
                rest.put(e.getKey(), sortKeys(e.getValue()));
            }
        }
        rest.forEach(to::set);
    }

    private static JsonNode sortKeys(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                sorted.put(e.getKey(), sortKeys(e.getValue()));
            }
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(v -> out.add(sortKeys(v)));
            return out;
        }
        return node;
    }
}
