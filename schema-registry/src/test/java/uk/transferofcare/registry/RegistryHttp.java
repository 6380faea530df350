package uk.transferofcare.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A plain HTTP client for the registry's REST API in tests: no caching, no retries, every answer as it came. */
final class RegistryHttp {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    RegistryHttp(URI base) {
        this.base = base;
    }

    /** One answer: status, content type and body. */
    record Answer(int status, String contentType, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        int errorCode() {
            return json().path("error_code").asInt();
        }

        String message() {
            return json().path("message").asString();
        }

        int id() {
            return json().path("id").asInt();
        }
    }

    Answer get(String path) {
        return send("GET", path, null, null);
    }

    Answer delete(String path) {
        return send("DELETE", path, null, null);
    }

    Answer post(String path, String json) {
        return send("POST", path, json, RestApi.V1_JSON);
    }

    Answer put(String path, String json) {
        return send("PUT", path, json, RestApi.V1_JSON);
    }

    /** Registers a schema text under the subject and returns the answer. */
    Answer register(String subject, String schema) {
        return post("/subjects/" + subject + "/versions", schemaBody(schema));
    }

    /** Registers and insists on success, returning the id. */
    int registerOk(String subject, String schema) {
        Answer answer = register(subject, schema);
        if (answer.status() != 200) {
            throw new AssertionError("register " + subject + " answered " + answer);
        }
        return answer.id();
    }

    Answer setCompatibility(String subject, String level) {
        String path = subject == null ? "/config" : "/config/" + subject;
        return put(path, JSON.createObjectNode().put("compatibility", level).toString());
    }

    Answer send(String method, String path, String body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {"schema": "<text>"} */
    static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    /** A record schema text named {@code name} with string fields, each "field" or "field=default". */
    static String record(String name, String... fields) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "record");
        schema.put("name", name);
        schema.put("namespace", "test");
        ArrayNode list = schema.putArray("fields");
        for (String field : fields) {
            String[] parts = field.split("=", 2);
            ObjectNode f = list.addObject().put("name", parts[0]).put("type", "string");
            if (parts.length == 2) {
                f.put("default", parts[1]);
            }
        }
        return schema.toString();
    }
}
