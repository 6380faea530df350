package uk.transferofcare.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import uk.transferofcare.registry.RegistryService.SchemaRequest;
import uk.transferofcare.registry.StoreRecord.SchemaValue;

/**
 * The Confluent Schema Registry REST API ({@code application/vnd.schemaregistry.v1+json}) over the JDK's HTTP
 * server: routing, content negotiation, JSON bodies and Confluent's error bodies
 * {@code {"error_code":N,"message":"..."}}. One DEBUG line per request.
 */
final class RestApi implements HttpHandler {

    static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    static final String DEFAULT_JSON = "application/vnd.schemaregistry+json";
    static final String JSON = "application/json";
    private static final String OCTET_STREAM = "application/octet-stream";

    /** What the API produces, with Confluent's server-side preference. */
    private static final List<String> PRODUCES = List.of(V1_JSON, DEFAULT_JSON, JSON);

    private static final double[] PRODUCES_QS = {0.9, 0.8, 0.5};

    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(RestApi.class);
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** Confluent's error code for a request without valid credentials. */
    static final int UNAUTHORIZED = 40101;

    private final RegistryService registry;
    private final BooleanSupplier ready;
    private final Map<String, byte[]> writers;

    RestApi(RegistryService registry, BooleanSupplier ready) {
        this(registry, ready, Map.of());
    }

    /**
     * @param writers users who may change the registry, with their passwords; empty: anyone may (see {@link
     *     #isWrite})
     */
    RestApi(RegistryService registry, BooleanSupplier ready, Map<String, String> writers) {
        this.registry = registry;
        this.ready = ready;
        Map<String, byte[]> hashed = new HashMap<>();
        writers.forEach((user, password) -> hashed.put(user, sha256(password)));
        this.writers = Map.copyOf(hashed);
    }

    /**
     * True for a request that changes the registry: every PUT and DELETE, and a POST that registers a schema ({@code
     * POST /subjects/{s}/versions}). The other POSTs only ask (look a schema up under a subject, test compatibility):
     * the serializers send them with auto-registration off, and they stay open like every GET.
     */
    static boolean isWrite(String method, List<String> segments) {
        return switch (method) {
            case "PUT", "DELETE" -> true;
            case "POST" ->
                !(segments.size() == 2 && segments.get(0).equals("subjects"))
                        && !(!segments.isEmpty() && segments.get(0).equals("compatibility"));
            default -> false;
        };
    }

    /**
     * The writer named by a valid {@code Authorization: Basic} header; throws 401 (Confluent's 40101) without one.
     * Passwords are compared as SHA-256 digests in constant time.
     */
    private String authenticateWriter(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                byte[] expected = writers.get(decoded.substring(0, colon));
                byte[] given = sha256(decoded.substring(colon + 1));
                if (expected != null && MessageDigest.isEqual(expected, given)) {
                    return decoded.substring(0, colon);
                }
            }
        }
        throw new RegistryException(
                401,
                UNAUTHORIZED,
                "Unauthorized: changing the registry (register, delete, set compatibility or mode) needs the"
                        + " credentials of a registry writer (HTTP Basic); reads need none");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An answer: a JSON tree, or a schema text that already is JSON. */
    private record Response(int status, JsonNode json, String rawJson) {
        static Response ok(JsonNode json) {
            return new Response(200, json, null);
        }

        static Response raw(String json) {
            return new Response(200, null, json);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        int status = 500;
        try {
            String contentType = negotiate(exchange.getRequestHeaders().getFirst("Accept"));
            Response response;
            try {
                if (contentType == null) {
                    throw RegistryException.http(406, "HTTP 406 Not Acceptable");
                }
                String writer = null;
                if (!writers.isEmpty() && isWrite(method, segments(path))) {
                    writer = authenticateWriter(exchange);
                }
                response = route(method, exchange);
                if (writer != null && response.status() < 300) {
                    log.info("{} {} by {}", method, path, writer);
                }
            } catch (RegistryException e) {
                response = error(e.status(), e.errorCode(), e.getMessage());
                if (e.status() >= 500) {
                    log.warn("{} {} failed: {}", method, path, e.getMessage(), e.getCause());
                }
            } catch (RuntimeException e) {
                log.error("{} {} failed unexpectedly", method, path, e);
                response =
                        error(500, 500, "Internal Server Error: " + e.getClass().getSimpleName());
            }
            status = response.status();
            byte[] body = response.rawJson() != null
                    ? response.rawJson().getBytes(StandardCharsets.UTF_8)
                    : MAPPER.writeValueAsBytes(response.json());
            exchange.getResponseHeaders().set("Content-Type", contentType == null ? V1_JSON : contentType);
            if (status == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"schema-registry\"");
            }
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
        } finally {
            exchange.close();
            if (log.isDebugEnabled()) {
                log.debug("{} {} -> {} ({} ms)", method, path, status, (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    // ---------------------------------------------------------------- routing

    private Response route(String method, HttpExchange exchange) {
        List<String> segments = segments(exchange.getRequestURI().getRawPath());
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String verb = method.equals("HEAD") ? "GET" : method;
        String first = segments.isEmpty() ? "" : segments.get(0);

        if (segments.size() == 1 && first.equals("health")) {
            only(verb, "GET");
            return ready.getAsBoolean()
                    ? Response.ok(MAPPER.createObjectNode().put("status", "UP"))
                    : new Response(503, MAPPER.createObjectNode().put("status", "DOWN"), null);
        }
        if (!ready.getAsBoolean()) {
            throw new RegistryException(
                    503, RegistryException.STORE_ERROR, "Schema registry is not ready: still reading its store topic");
        }
        if (segments.isEmpty()) {
            only(verb, "GET");
            return Response.ok(MAPPER.createObjectNode());
        }
        return switch (first) {
            case "subjects" -> subjects(verb, segments, query, exchange);
            case "schemas" -> schemas(verb, segments, query);
            case "config" -> config(verb, segments, query, exchange);
            case "compatibility" -> compatibility(verb, segments, query, exchange);
            case "mode" -> mode(verb, segments, query);
            default -> throw notFound();
        };
    }

    private Response subjects(String verb, List<String> s, Map<String, String> query, HttpExchange exchange) {
        boolean deleted = flag(query, "deleted");
        if (s.size() == 1) {
            only(verb, "GET");
            ArrayNode names = MAPPER.createArrayNode();
            registry.subjects(deleted).forEach(names::add);
            return Response.ok(names);
        }
        String subject = s.get(1);
        if (s.size() == 2) {
            switch (verb) {
                case "POST" -> {
                    SchemaValue found =
                            registry.lookup(subject, schemaRequest(body(exchange)), flag(query, "normalize"), deleted);
                    return Response.ok(schemaEntity(found));
                }
                case "DELETE" -> {
                    return Response.ok(ints(registry.deleteSubject(subject, flag(query, "permanent"))));
                }
                default -> throw methodNotAllowed();
            }
        }
        if (!s.get(2).equals("versions")) {
            throw notFound();
        }
        if (s.size() == 3) {
            switch (verb) {
                case "GET" -> {
                    return Response.ok(ints(registry.versions(subject, deleted)));
                }
                case "POST" -> {
                    int id = registry.register(subject, schemaRequest(body(exchange)), flag(query, "normalize"));
                    return Response.ok(MAPPER.createObjectNode().put("id", id));
                }
                default -> throw methodNotAllowed();
            }
        }
        String version = s.get(3);
        if (s.size() == 4) {
            switch (verb) {
                case "GET" -> {
                    return Response.ok(schemaEntity(registry.version(subject, version, deleted)));
                }
                case "DELETE" -> {
                    int deletedVersion = registry.deleteVersion(subject, version, flag(query, "permanent"));
                    return Response.ok(MAPPER.getNodeFactory().numberNode(deletedVersion));
                }
                default -> throw methodNotAllowed();
            }
        }
        if (s.size() == 5 && s.get(4).equals("schema")) {
            only(verb, "GET");
            return Response.raw(registry.version(subject, version, deleted).schema());
        }
        if (s.size() == 5 && s.get(4).equals("referencedby")) {
            only(verb, "GET");
            registry.version(subject, version, true);
            // No schema references in this registry, so nothing refers to any version.
            return Response.ok(MAPPER.createArrayNode());
        }
        throw notFound();
    }

    private Response schemas(String verb, List<String> s, Map<String, String> query) {
        if (s.size() == 2 && s.get(1).equals("types")) {
            only(verb, "GET");
            return Response.ok(MAPPER.createArrayNode().add(RegistryService.AVRO));
        }
        if (s.size() < 3 || s.size() > 4 || !s.get(1).equals("ids")) {
            throw notFound();
        }
        int id;
        try {
            id = Integer.parseInt(s.get(2));
        } catch (NumberFormatException e) {
            throw notFound();
        }
        only(verb, "GET");
        boolean deleted = flag(query, "deleted");
        if (s.size() == 3) {
            return Response.ok(MAPPER.createObjectNode().put("schema", registry.schema(id)));
        }
        return switch (s.get(3)) {
            case "schema" -> Response.raw(registry.schema(id));
            case "subjects" -> {
                ArrayNode subjects = MAPPER.createArrayNode();
                registry.versionsOf(id, deleted).stream()
                        .map(SchemaValue::subject)
                        .distinct()
                        .forEach(subjects::add);
                yield Response.ok(subjects);
            }
            case "versions" -> {
                ArrayNode versions = MAPPER.createArrayNode();
                registry.versionsOf(id, deleted)
                        .forEach(v ->
                                versions.addObject().put("subject", v.subject()).put("version", v.version()));
                yield Response.ok(versions);
            }
            default -> throw notFound();
        };
    }

    private Response config(String verb, List<String> s, Map<String, String> query, HttpExchange exchange) {
        if (s.size() > 2) {
            throw notFound();
        }
        String subject = s.size() == 2 ? s.get(1) : null;
        switch (verb) {
            case "GET" -> {
                CompatibilityLevel level = subject == null
                        ? registry.globalLevel()
                        : registry.subjectLevel(subject, flag(query, "defaultToGlobal"));
                return Response.ok(MAPPER.createObjectNode().put("compatibilityLevel", level.name()));
            }
            case "PUT" -> {
                JsonNode body = requireObject(body(exchange));
                JsonNode requested = body.path("compatibility");
                if (!requested.isString()) {
                    throw RegistryException.invalidCompatibilityLevel();
                }
                CompatibilityLevel level = registry.setLevel(subject, requested.stringValue());
                return Response.ok(MAPPER.createObjectNode().put("compatibility", level.name()));
            }
            case "DELETE" -> {
                CompatibilityLevel old =
                        subject == null ? registry.deleteGlobalLevel() : registry.deleteSubjectLevel(subject);
                return Response.ok(MAPPER.createObjectNode().put("compatibilityLevel", old.name()));
            }
            default -> throw methodNotAllowed();
        }
    }

    private Response compatibility(String verb, List<String> s, Map<String, String> query, HttpExchange exchange) {
        if ((s.size() != 4 && s.size() != 5)
                || !s.get(1).equals("subjects")
                || !s.get(3).equals("versions")) {
            throw notFound();
        }
        only(verb, "POST");
        boolean verbose = flag(query, "verbose");
        List<String> messages = registry.testCompatibility(
                s.get(2), s.size() == 5 ? s.get(4) : null, schemaRequest(body(exchange)), verbose);
        ObjectNode answer = MAPPER.createObjectNode().put("is_compatible", messages.isEmpty());
        if (verbose) {
            ArrayNode list = answer.putArray("messages");
            messages.forEach(list::add);
        }
        return Response.ok(answer);
    }

    private Response mode(String verb, List<String> s, Map<String, String> query) {
        if (s.size() > 2) {
            throw notFound();
        }
        only(verb, "GET");
        if (s.size() == 2 && !flag(query, "defaultToGlobal")) {
            throw RegistryException.subjectModeNotConfigured(s.get(1));
        }
        return Response.ok(MAPPER.createObjectNode().put("mode", "READWRITE"));
    }

    // ---------------------------------------------------------------- request and response bodies

    private static ObjectNode schemaEntity(SchemaValue v) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("subject", v.subject());
        node.put("version", v.version());
        node.put("id", v.id());
        node.put("schema", v.schema());
        return node;
    }

    private static ArrayNode ints(List<Integer> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static SchemaRequest schemaRequest(JsonNode body) {
        JsonNode request = requireObject(body);
        JsonNode schema = request.path("schema");
        if (!schema.isMissingNode() && !schema.isNull() && !schema.isString()) {
            throw unprocessable("Field 'schema' must be a string holding the schema's JSON text");
        }
        JsonNode schemaType = request.path("schemaType");
        if (!schemaType.isMissingNode() && !schemaType.isNull() && !schemaType.isString()) {
            throw unprocessable("Field 'schemaType' must be a string such as \"AVRO\"");
        }
        JsonNode references = request.path("references");
        if (!references.isMissingNode() && !references.isNull() && !references.isArray()) {
            throw unprocessable("Field 'references' must be an array");
        }
        return new SchemaRequest(
                schema.isString() ? schema.stringValue() : null,
                schemaType.isString() ? schemaType.stringValue() : null,
                references.isArray() ? references.size() : 0,
                optionalInt(request, "version"),
                optionalInt(request, "id"));
    }

    private static Integer optionalInt(JsonNode request, String field) {
        JsonNode value = request.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw unprocessable("Field '" + field + "' must be an integer");
        }
        return value.intValue();
    }

    private static JsonNode requireObject(JsonNode body) {
        if (body == null) {
            throw unprocessable("Request body is missing: expected a JSON object");
        }
        if (!body.isObject()) {
            throw unprocessable("Request body must be a JSON object");
        }
        return body;
    }

    /** The request body as JSON, or null when empty. */
    private static JsonNode body(HttpExchange exchange) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && !contentType.isBlank()) {
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!PRODUCES.contains(mediaType) && !mediaType.equals(OCTET_STREAM)) {
                throw RegistryException.http(415, "HTTP 415 Unsupported Media Type");
            }
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = readLimited(in);
        } catch (IOException e) {
            throw RegistryException.http(400, "Cannot read request body: " + e.getMessage());
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw RegistryException.http(400, "Malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY_BYTES) {
                throw new RegistryException(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
            }
        }
        return out.toByteArray();
    }

    private static Response error(int status, int errorCode, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error_code", errorCode);
        node.put("message", message == null ? "" : message);
        return new Response(status, node, null);
    }

    private static RegistryException unprocessable(String message) {
        return RegistryException.http(422, message);
    }

    private static RegistryException notFound() {
        return RegistryException.http(404, "HTTP 404 Not Found");
    }

    private static RegistryException methodNotAllowed() {
        return RegistryException.http(405, "HTTP 405 Method Not Allowed");
    }

    private static void only(String verb, String allowed) {
        if (!verb.equals(allowed)) {
            throw methodNotAllowed();
        }
    }

    // ---------------------------------------------------------------- URLs and content negotiation

    /** Path segments, percent-decoded ('+' stays '+'); one trailing slash is ignored. */
    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath == null) {
            return segments;
        }
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            return segments;
        }
        for (String raw : path.split("/", -1)) {
            String segment = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (segment.isEmpty()) {
                throw notFound();
            }
            segments.add(segment);
        }
        return segments;
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
            String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            params.putIfAbsent(key, value);
        }
        return params;
    }

    /** A boolean query parameter as JAX-RS reads it: true only for "true", any case. */
    private static boolean flag(Map<String, String> query, String name) {
        return "true".equalsIgnoreCase(query.getOrDefault(name, "").trim());
    }

    /**
     * The response media type for an Accept header: the best of what the API produces by the client's q-values
     * times Confluent's server preference (v1 JSON first); null when nothing acceptable.
     */
    static String negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return V1_JSON;
        }
        double[] clientQ = new double[PRODUCES.size()];
        int[] specificity = new int[PRODUCES.size()];
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            String mediaRange = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String[] param = parts[i].trim().split("=", 2);
                if (param.length == 2 && param[0].trim().equalsIgnoreCase("q")) {
                    try {
                        q = Double.parseDouble(param[1].trim());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            for (int i = 0; i < PRODUCES.size(); i++) {
                int match = matches(mediaRange, PRODUCES.get(i));
                if (match > specificity[i]) {
                    specificity[i] = match;
                    clientQ[i] = q;
                }
            }
        }
        String best = null;
        double bestScore = 0;
        for (int i = 0; i < PRODUCES.size(); i++) {
            double score = clientQ[i] * PRODUCES_QS[i];
            if (specificity[i] > 0 && score > bestScore) {
                best = PRODUCES.get(i);
                bestScore = score;
            }
        }
        return best;
    }

    /** 3 for an exact match, 2 for type/*, 1 for *&#47;*, 0 for none. */
    private static int matches(String mediaRange, String produced) {
        if (mediaRange.equals(produced)) {
            return 3;
        }
        if (mediaRange.equals("application/*")) {
            return 2;
        }
        if (mediaRange.equals("*/*") || mediaRange.equals("*")) {
            return 1;
        }
        return 0;
    }
}
