package uk.transferofcare.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.transferofcare.registry.SchemaRegistryMain.InvalidSettingException;

/** With writers configured, changes need their credentials (HTTP Basic); reads, lookups and health stay open. */
class RegistryWriteAuthenticationTest {

    private static final String PASSWORD = "a-long-enough-writer-password";
    private static final String SCHEMA = RegistryHttp.record("Probe", "a");

    @TempDir
    Path dir;

    private SchemaRegistryServer server;
    private RegistryHttp http;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.startInMemory("127.0.0.1", 0, Map.of("handover-api", PASSWORD));
        http = new RegistryHttp(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registeringWithoutCredentialsIs401AndRegistersNothing() {
        RegistryHttp.Answer answer = http.register("probe-value", SCHEMA);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo(RestApi.UNAUTHORIZED);
        assertThat(answer.message()).contains("credentials of a registry writer");
        assertThat(http.get("/subjects").body()).isEqualTo("[]");
    }

    @Test
    void aWrongPasswordOrUnknownUserIs401() {
        assertThat(registerAs("handover-api", "not-" + PASSWORD).status()).isEqualTo(401);
        assertThat(registerAs("stranger", PASSWORD).status()).isEqualTo(401);
        assertThat(http.send(
                                "POST",
                                "/subjects/probe-value/versions",
                                RegistryHttp.schemaBody(SCHEMA),
                                RestApi.V1_JSON,
                                "Authorization",
                                "Basic !!not-base64!!")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aWriterRegistersAndEveryoneReadsAndLooksUp() {
        RegistryHttp.Answer registered = registerAs("handover-api", PASSWORD);
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);

        assertThat(http.get("/subjects").body()).contains("probe-value");
        assertThat(http.get("/schemas/ids/" + registered.id()).status()).isEqualTo(200);
        // the serializers' lookup with auto-registration off is a POST that changes nothing: open
        RegistryHttp.Answer lookup = http.post("/subjects/probe-value", RegistryHttp.schemaBody(SCHEMA));
        assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);
        assertThat(lookup.id()).isEqualTo(registered.id());
        assertThat(http.post("/compatibility/subjects/probe-value/versions/latest", RegistryHttp.schemaBody(SCHEMA))
                        .status())
                .isEqualTo(200);
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    @Test
    void deletingAndChangingCompatibilityOrModeNeedCredentials() {
        assertThat(registerAs("handover-api", PASSWORD).status()).isEqualTo(200);

        assertThat(http.delete("/subjects/probe-value").status()).isEqualTo(401);
        assertThat(http.delete("/subjects/probe-value/versions/1").status()).isEqualTo(401);
        assertThat(http.setCompatibility(null, "NONE").status()).isEqualTo(401);
        assertThat(http.setCompatibility("probe-value", "NONE").status()).isEqualTo(401);
        assertThat(http.put("/mode", "{\"mode\":\"READONLY\"}").status()).isEqualTo(401);
        assertThat(http.get("/subjects/probe-value/versions").body()).isEqualTo("[1]");

        RegistryHttp.Answer deleted = http.send(
                "DELETE", "/subjects/probe-value", null, null, "Authorization", basic("handover-api", PASSWORD));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    }

    @Test
    void withoutWritersAnyoneMayWriteAsBefore() {
        try (SchemaRegistryServer open = SchemaRegistryServer.startInMemory("127.0.0.1", 0)) {
            assertThat(new RegistryHttp(open.url())
                            .register("probe-value", SCHEMA)
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void theUsersFileNamesTheWriters() throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "# writers\nhandover-api:" + PASSWORD + "\n\nadmin:another-long-password-1\n");

        RegistryConfig config = SchemaRegistryMain.fromEnvironment(Map.of(
                SchemaRegistryMain.USERS_FILE,
                users.toString(),
                "SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL",
                "SASL_SSL",
                "SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG",
                "x required;"));

        assertThat(config.writers()).containsOnlyKeys("handover-api", "admin").containsEntry("handover-api", PASSWORD);
        assertThat(config.kafkaClientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "x required;");
        assertThat(config.toString()).doesNotContain(PASSWORD).doesNotContain("x required");
    }

    @Test
    void aBadUsersFileStopsStartUpNamingTheVariableAndTheLine() throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "handover-api:" + PASSWORD + "\nadmin:short\n");

        assertThatThrownBy(() ->
                        SchemaRegistryMain.fromEnvironment(Map.of(SchemaRegistryMain.USERS_FILE, users.toString())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("SCHEMA_REGISTRY_USERS_FILE=" + users + ": line 2 must be user:password");
        assertThatThrownBy(() -> SchemaRegistryMain.fromEnvironment(Map.of(
                        SchemaRegistryMain.USERS_FILE, dir.resolve("missing").toString())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("cannot be read");
    }

    private RegistryHttp.Answer registerAs(String user, String password) {
        return http.send(
                "POST",
                "/subjects/probe-value/versions",
                RegistryHttp.schemaBody(SCHEMA),
                RestApi.V1_JSON,
                "Authorization",
                basic(user, password));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
