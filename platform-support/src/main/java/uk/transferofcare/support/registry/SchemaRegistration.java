package uk.transferofcare.support.registry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.transferofcare.events.Topic;
import uk.transferofcare.events.Topics;

/**
 * Registers the event contract this build carries (the value schema of every catalogue topic, {@link Topics#all()})
 * under its TopicNameStrategy subject {@code <topic>-value}, each subject at {@link #COMPATIBILITY}: the release step that lets the services run with
 * {@code auto.register.schemas=false} (the default outside the {@code local} profile). Registering a schema that is
 * already registered changes nothing and answers its id, so the step may run at every deployment; a schema the
 * registry finds incompatible with a subject's versions is refused and nothing after it is registered.
 *
 * <p>From any service image or jar (each carries the contract):
 *
 * <pre>
 * SCHEMA_REGISTRY_URL=https://registry:8081 SCHEMA_REGISTRY_USER_INFO_FILE=/run/secrets/registry-admin \
 *   java -cp handover-api.jar -Dloader.main=uk.transferofcare.support.registry.SchemaRegistration \
 *   org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 *
 * <p>{@code SCHEMA_REGISTRY_USER_INFO_FILE} names a file holding {@code user:password} of a registry writer (sent as
 * HTTP Basic); without it the requests go anonymously. docs/security.md, "Auto-registration".
 */
public final class SchemaRegistration {

    /** The registry's base URL(s), comma-separated. */
    public static final String URL_VARIABLE = "SCHEMA_REGISTRY_URL";
    /** A file with {@code user:password} of a registry writer. */
    public static final String USER_INFO_FILE_VARIABLE = "SCHEMA_REGISTRY_USER_INFO_FILE";

    /**
     * The contract's rule, set on each of its subjects before registering: a new version must be readable with every
     * released one (the schemas module tests the same against {@code schemas/released}).
     */
    public static final String COMPATIBILITY = "BACKWARD_TRANSITIVE";

    /** One registered subject. */
    public record Registered(String subject, String schema, int id) {}

    private final SchemaRegistryClient registry;

    public SchemaRegistration(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** The subjects and schemas this build registers, in catalogue order. */
    public static Map<String, org.apache.avro.Schema> contract() {
        Map<String, org.apache.avro.Schema> subjects = new LinkedHashMap<>();
        for (Topic<?> topic : Topics.all()) {
            subjects.put(topic.name() + "-value", schemaOf(topic));
        }
        return subjects;
    }

    /**
     * Registers every subject of {@link #contract()}.
     *
     * @throws SchemaRegistryException when the registry refuses one (incompatible, unauthenticated); the message names
     *     the subject
     */
    public List<Registered> registerAll() {
        List<Registered> done = new ArrayList<>();
        for (Map.Entry<String, org.apache.avro.Schema> entry : contract().entrySet()) {
            try {
                registry.setCompatibility(entry.getKey(), COMPATIBILITY);
                int id = registry.register(entry.getKey(), entry.getValue(), false);
                done.add(new Registered(entry.getKey(), entry.getValue().getFullName(), id));
            } catch (SchemaRegistryException e) {
                throw new SchemaRegistryException(
                        e.status(),
                        e.errorCode(),
                        "registering " + entry.getValue().getFullName() + " under " + entry.getKey() + ": "
                                + e.getMessage());
            }
        }
        return done;
    }

    private static org.apache.avro.Schema schemaOf(Topic<?> topic) {
        return org.apache.avro.specific.SpecificData.get().getSchema(topic.valueType());
    }

    /** Reads the registry settings from the environment: {@link #URL_VARIABLE}, {@link #USER_INFO_FILE_VARIABLE}. */
    static SchemaRegistryClientConfig configFrom(Map<String, String> environment) {
        String url = environment.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(URL_VARIABLE + " is not set: give the schema registry's base URL");
        }
        Map<String, Object> configs = new LinkedHashMap<>();
        configs.put(SchemaRegistryClientConfig.URL, url);
        String userInfoFile = environment.get(USER_INFO_FILE_VARIABLE);
        if (userInfoFile != null && !userInfoFile.isBlank()) {
            String userInfo;
            try {
                userInfo = Files.readString(Path.of(userInfoFile), StandardCharsets.UTF_8)
                        .strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        USER_INFO_FILE_VARIABLE + "=" + userInfoFile + " cannot be read: " + e.getMessage(), e);
            }
            if (!userInfo.contains(":")) {
                throw new IllegalArgumentException(
                        USER_INFO_FILE_VARIABLE + "=" + userInfoFile + " must hold user:password on one line");
            }
            configs.put(SchemaRegistryClientConfig.BASIC_AUTH_SOURCE, "USER_INFO");
            configs.put(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, userInfo);
        }
        return SchemaRegistryClientConfig.from(configs);
    }

    /**
     * Registers the contract with the registry the environment names; exit status 0 when every subject is
     * registered, 1 when the registry refused one, 2 for bad settings.
     */
    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out, System.err));
    }

    /** {@link #main} with its environment and streams given: the exit status. */
    public static int run(Map<String, String> environment, PrintStream out, PrintStream err) {
        SchemaRegistryClientConfig config;
        try {
            config = configFrom(environment);
        } catch (IllegalArgumentException | org.apache.kafka.common.config.ConfigException e) {
            err.println("schema registration: " + e.getMessage());
            return 2;
        }
        try {
            List<Registered> registered = new SchemaRegistration(new RestSchemaRegistryClient(config)).registerAll();
            registered.forEach(r -> out.println(r.subject() + " " + r.schema() + " id " + r.id()));
            out.println(registered.size() + " subjects registered at " + config.urls());
            return 0;
        } catch (SchemaRegistryException | SchemaRegistryUnavailableException e) {
            err.println("schema registration failed: " + e.getMessage());
            return 1;
        }
    }
}
