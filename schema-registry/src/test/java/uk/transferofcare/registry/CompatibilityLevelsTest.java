package uk.transferofcare.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.registry.RegistryHttp.record;
import static uk.transferofcare.registry.RegistryHttp.schemaBody;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.registry.RegistryHttp.Answer;

/**
 * Every compatibility level with a change it accepts and one it refuses, checked both ways a client can ask: the
 * compatibility endpoint and registration itself (200 or 409). The transitive levels are shown refusing a change
 * that their non-transitive twin accepts, because only an older version is incompatible.
 */
class CompatibilityLevelsTest {

    // Versions of one record "test.R".
    private static final String A = record("R", "a");
    private static final String A_B = record("R", "a", "b");
    private static final String A_BDEF = record("R", "a", "b=x");
    private static final String A_BDEF_CDEF = record("R", "a", "b=x", "c=y");
    private static final String A_C = record("R", "a", "c");
    private static final String A_B_C = record("R", "a", "b", "c");
    private static final String ADEF = record("R", "a=");
    private static final String NONE_FIELDS = record("R");
    private static final String INT_A = "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"test\","
            + "\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    private static final String INT_ADEF = "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"test\","
            + "\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":0}]}";

    private static SchemaRegistryServer server;
    private static RegistryHttp http;
    private static final AtomicInteger subjects = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = SchemaRegistryServer.startInMemory("127.0.0.1", 0);
        http = new RegistryHttp(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // level, earlier versions, candidate, compatible, why
                Arguments.of("NONE", List.of(A), A_B, true, "anything goes, even a field without default"),
                Arguments.of("NONE", List.of(INT_A), A, true, "anything goes, even a type change"),
                Arguments.of("BACKWARD", List.of(A), A_BDEF, true, "new field with a default"),
                Arguments.of("BACKWARD", List.of(A), A_B, false, "new field without a default"),
                Arguments.of("BACKWARD", List.of(INT_A, NONE_FIELDS), ADEF, true, "only the latest counts"),
                Arguments.of("BACKWARD_TRANSITIVE", List.of(A, A_BDEF), A_BDEF_CDEF, true, "defaults all along"),
                Arguments.of(
                        "BACKWARD_TRANSITIVE",
                        List.of(INT_A, NONE_FIELDS),
                        ADEF,
                        false,
                        "cannot read version 1's int as a string"),
                Arguments.of("FORWARD", List.of(A), A_C, true, "old readers ignore a new field"),
                Arguments.of("FORWARD", List.of(A), NONE_FIELDS, false, "old readers need a, which has no default"),
                Arguments.of("FORWARD", List.of(A, ADEF), NONE_FIELDS, true, "only the latest counts"),
                Arguments.of("FORWARD_TRANSITIVE", List.of(A, A_B), A_B_C, true, "fields only added"),
                Arguments.of(
                        "FORWARD_TRANSITIVE",
                        List.of(A, ADEF),
                        NONE_FIELDS,
                        false,
                        "version 1 readers need a, which has no default there"),
                Arguments.of("FULL", List.of(A), A_BDEF, true, "new field with a default"),
                Arguments.of("FULL", List.of(A), A_B, false, "new field without a default"),
                Arguments.of("FULL", List.of(INT_ADEF, NONE_FIELDS), ADEF, true, "only the latest counts"),
                Arguments.of("FULL_TRANSITIVE", List.of(A, A_BDEF), A_BDEF_CDEF, true, "defaults all along"),
                Arguments.of(
                        "FULL_TRANSITIVE",
                        List.of(INT_ADEF, NONE_FIELDS),
                        ADEF,
                        false,
                        "cannot read version 1's int as a string"));
    }

    @ParameterizedTest(name = "{0}: {4} -> compatible={3}")
    @MethodSource("cases")
    void level(String level, List<String> history, String candidate, boolean compatible, String why) {
        String subject = "level-" + subjects.incrementAndGet();
        http.setCompatibility(subject, "NONE");
        history.forEach(schema -> http.registerOk(subject, schema));
        assertThat(http.setCompatibility(subject, level).status()).isEqualTo(200);

        JsonNode check = http.post(
                        "/compatibility/subjects/" + subject + "/versions?verbose=true", schemaBody(candidate))
                .json();
        assertThat(check.path("is_compatible").asBoolean()).as(check.toString()).isEqualTo(compatible);
        if (!compatible) {
            assertThat(check.path("messages").toString()).contains("compatibility: '" + level + "'");
        }

        Answer registered = http.register(subject, candidate);
        if (compatible) {
            assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
            assertThat(http.get("/subjects/" + subject + "/versions").json().size())
                    .isEqualTo(history.size() + 1);
        } else {
            assertThat(registered.status()).as(registered.toString()).isEqualTo(409);
            assertThat(registered.errorCode()).isEqualTo(409);
            assertThat(http.get("/subjects/" + subject + "/versions").json().size())
                    .isEqualTo(history.size());
        }
    }
}
