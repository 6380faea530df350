package uk.transferofcare.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Topic;
import uk.transferofcare.events.Topics;
import uk.transferofcare.registry.RegistryConfig;
import uk.transferofcare.registry.SchemaRegistryServer;
import uk.transferofcare.support.registry.RestSchemaRegistryClient;
import uk.transferofcare.support.registry.SchemaRegistration;
import uk.transferofcare.support.registry.SchemaRegistryClientConfig;
import uk.transferofcare.support.registry.SchemaRegistryException;
import uk.transferofcare.support.serde.AvroSerializer;

/**
 * The release step that registers the event contract ({@link SchemaRegistration}), run as a deployment runs it
 * (its {@code main} reads the environment) against this project's registry with write authentication: it needs a
 * writer's credentials, registers every catalogue subject, changes nothing when run again, and afterwards a serializer
 * with {@code auto.register.schemas=false} (the services' default outside {@code local}) writes every topic.
 */
@PlatformIntegrationTest
class SchemaRegistrationIT {

    private static final String WRITER = "release";
    private static final String PASSWORD = "a-long-release-password-2026";
    private static SchemaRegistryServer registry;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startRegistryWithWriters(PlatformInfrastructure infrastructure) {
        registry = SchemaRegistryServer.start(new RegistryConfig(
                        infrastructure.bootstrapServers(),
                        "127.0.0.1",
                        0,
                        "_schemas-registration-" + UUID.randomUUID(),
                        (short) 1,
                        Duration.ofSeconds(30))
                .withWriters(Map.of(WRITER, PASSWORD)));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private record Run(int status, String out, String err) {}

    private static Run run(Map<String, String> environment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SchemaRegistration.run(
                environment,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, String> withCredentials() throws Exception {
        Path userInfo = dir.resolve("registry-writer");
        Files.writeString(userInfo, WRITER + ":" + PASSWORD + "\n");
        return Map.of(
                SchemaRegistration.URL_VARIABLE, registry.url().toString(),
                SchemaRegistration.USER_INFO_FILE_VARIABLE, userInfo.toString());
    }

    @Test
    void withoutAWritersCredentialsNothingIsRegisteredAndTheFailureNamesTheSubject() {
        Run anonymous =
                run(Map.of(SchemaRegistration.URL_VARIABLE, registry.url().toString()));

        assertThat(anonymous.status()).isEqualTo(1);
        assertThat(anonymous.err()).contains("under handover-submissions-value").contains("401");
        var reader = new RestSchemaRegistryClient(
                SchemaRegistryClientConfig.of(registry.url().toString()));
        // Either nothing was registered yet, or an earlier test of this class registered it with credentials: in no
        // case did the anonymous run add a version.
        try {
            assertThat(reader.latest("handover-submissions-value").version()).isEqualTo(1);
        } catch (SchemaRegistryException notRegistered) {
            assertThat(notRegistered.status()).isEqualTo(404);
        }
    }

    @Test
    void aWriterRegistersEverySubjectOnceAndTheServicesThenWriteWithoutAutoRegistration() throws Exception {
        Run first = run(withCredentials());
        Run second = run(withCredentials());

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        var reader = new RestSchemaRegistryClient(
                SchemaRegistryClientConfig.of(registry.url().toString()));
        for (Topic<?> topic : Topics.all()) {
            String subject = topic.name() + "-value";
            assertThat(first.out()).contains(subject + " " + topic.valueType().getName() + " id ");
            assertThat(reader.latest(subject).version()).as(subject).isEqualTo(1);
        }
        assertThat(first.out()).contains(Topics.all().size() + " subjects registered");
        var http = java.net.http.HttpClient.newHttpClient();
        var level = http.send(
                java.net.http.HttpRequest.newBuilder(registry.url().resolve("/config/handover-completed-value"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(level.body()).contains("\"compatibilityLevel\":\"BACKWARD_TRANSITIVE\"");

        Map<String, Object> serviceDefaults =
                Map.of("schema.registry.url", registry.url().toString(), "auto.register.schemas", "false");
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>();
        serializer.configure(serviceDefaults, false);
        byte[] written = serializer.serialize(Topics.SUBMISSIONS.name(), DeadLetterIT.submission("e-registration"));
        assertThat(ByteBuffer.wrap(written, 1, 4).getInt())
                .isEqualTo(reader.lookup("handover-submissions-value", HandoverSubmission.getClassSchema(), false));
        assertThatThrownBy(() -> serializer.serialize("not-in-the-catalogue", DeadLetterIT.submission("e-other")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under not-in-the-catalogue-value");
    }

    @Test
    void badSettingsNameTheVariable() throws Exception {
        Run noUrl = run(Map.of());
        Path notUserInfo = dir.resolve("not-user-info");
        Files.writeString(notUserInfo, "just-a-password\n");
        Run badFile = run(Map.of(
                SchemaRegistration.URL_VARIABLE, registry.url().toString(),
                SchemaRegistration.USER_INFO_FILE_VARIABLE, notUserInfo.toString()));

        assertThat(noUrl.status()).isEqualTo(2);
        assertThat(noUrl.err()).contains("SCHEMA_REGISTRY_URL is not set");
        assertThat(badFile.status()).isEqualTo(2);
        assertThat(badFile.err())
                .contains("SCHEMA_REGISTRY_USER_INFO_FILE=" + notUserInfo + " must hold user:password")
                .doesNotContain("just-a-password");
    }
}
