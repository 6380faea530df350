package uk.transferofcare.support.registry;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of the Confluent Schema Registry REST API ({@code application/vnd.schemaregistry.v1+json}) that works
 * unchanged against Confluent's registry, Karapace, Redpanda, Apicurio's ccompat API and this project's own
 * registry.
 *
 * <p>Caches ids and schemas forever (they are immutable) and the latest version of a subject for a configurable
 * time. Retries connection failures and 5xx answers with exponential backoff (Resilience4j); 4xx answers are not
 * retried and surface as {@link SchemaRegistryException} with Confluent's error code.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final List<URI> baseUrls;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration latestTtl;
    private final String authorization;
    private final Retry retry;
    private final Clock clock;

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<String, Cached<RegisteredSchema>> latestBySubject = new ConcurrentHashMap<>();

    /**
     * Keyed by the {@link Schema} itself, not its JSON: generated classes hand out the same instance every time and
     * Avro caches a schema's hash, so a cache hit costs no rendering (rendering a large schema per record was half of
     * the processor's CPU).
     */
    private record SubjectSchema(String subject, Schema schema, boolean normalize, boolean register) {}

    private record Cached<T>(T value, Instant expires) {}

    public RestSchemaRegistryClient(SchemaRegistryClientConfig config) {
        this(config, Clock.systemUTC());
    }

    RestSchemaRegistryClient(SchemaRegistryClientConfig config, Clock clock) {
        this.baseUrls = config.urls();
        this.requestTimeout = config.requestTimeout();
        this.latestTtl = config.latestCacheTtl();
        this.authorization = config.basicAuthUserInfo() == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.retry = Retry.of(
                "schema-registry",
                RetryConfig.custom()
                        .maxAttempts(config.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(config.initialBackoff(), 2.0))
                        .retryOnException(RestSchemaRegistryClient::isRetryable)
                        .build());
    }

    private static boolean isRetryable(Throwable e) {
        return e instanceof TransportException || (e instanceof SchemaRegistryException sre && sre.isServerError());
    }

    @Override
    public int register(String subject, Schema schema, boolean normalize) {
        SubjectSchema key = new SubjectSchema(subject, schema, normalize, true);
        return idsBySubjectSchema.computeIfAbsent(key, k -> {
            JsonNode answer = call(
                    "POST",
                    "/subjects/" + encode(subject) + "/versions" + (normalize ? "?normalize=true" : ""),
                    body(schema));
            int id = answer.path("id").asInt();
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public void setCompatibility(String subject, String level) {
        ObjectNode node = JSON.createObjectNode();
        node.put("compatibility", level);
        call("PUT", "/config/" + encode(subject), node.toString());
    }

    @Override
    public int lookup(String subject, Schema schema, boolean normalize) {
        SubjectSchema key = new SubjectSchema(subject, schema, normalize, false);
        return idsBySubjectSchema.computeIfAbsent(key, k -> {
            JsonNode answer =
                    call("POST", "/subjects/" + encode(subject) + (normalize ? "?normalize=true" : ""), body(schema));
            int id = answer.path("id").asInt();
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public RegisteredSchema latest(String subject) {
        Cached<RegisteredSchema> cached = latestBySubject.get(subject);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.value();
        }
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        int id = answer.path("id").asInt();
        Schema schema = schemasById.computeIfAbsent(
                id, i -> new Schema.Parser().parse(answer.path("schema").asString()));
        RegisteredSchema latest =
                new RegisteredSchema(subject, id, answer.path("version").asInt(), schema);
        latestBySubject.put(subject, new Cached<>(latest, now.plus(latestTtl)));
        return latest;
    }

    @Override
    public Schema byId(int id) {
        return schemasById.computeIfAbsent(id, i -> {
            JsonNode answer = call("GET", "/schemas/ids/" + i, null);
            String type = answer.path("schemaType").asString("AVRO");
            if (!"AVRO".equals(type)) {
                throw new SchemaRegistryException(200, 0, "Schema id " + i + " is of type " + type + ", not AVRO");
            }
            return new Schema.Parser().parse(answer.path("schema").asString());
        });
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer =
                    call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", body(schema));
            return answer.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public List<String> subjects() {
        JsonNode answer = call("GET", "/subjects", null);
        List<String> subjects = new ArrayList<>();
        answer.forEach(n -> subjects.add(n.asString()));
        return subjects;
    }

    /** Base URLs in the order they are tried. */
    public List<URI> baseUrls() {
        return baseUrls;
    }

    private static String body(Schema schema) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schemaType", "AVRO");
        node.put("schema", schema.toString());
        return node.toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, String body) {
        Supplier<JsonNode> attempt = () -> callAnyUrl(method, path, body);
        try {
            return Retry.decorateSupplier(retry, attempt).get();
        } catch (TransportException e) {
            throw new SchemaRegistryUnavailableException(
                    "Schema registry unreachable at " + baseUrls + " (" + method + " " + path + "): " + e.getMessage(),
                    e.getCause());
        }
    }

    private JsonNode callAnyUrl(String method, String path, String body) {
        TransportException last = null;
        for (URI base : baseUrls) {
            try {
                return callOnce(base, method, path, body);
            } catch (TransportException e) {
                last = e;
            }
        }
        throw Objects.requireNonNull(last);
    }

    private JsonNode callOnce(URI base, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stripSlash(base.toString()) + path))
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TransportException(base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(base + ": interrupted", e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() >= 400) {
            int code = answer.path("error_code").asInt(response.statusCode());
            String message = answer.path("message").asString(response.body());
            throw new SchemaRegistryException(
                    response.statusCode(),
                    code,
                    "Schema registry " + base + " answered " + response.statusCode() + " (error " + code + ") to "
                            + method + " " + path + ": " + message);
        }
        return answer;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("message", body);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A connection-level failure: refused, reset, timed out. Retried. */
    static final class TransportException extends RuntimeException {
        TransportException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
