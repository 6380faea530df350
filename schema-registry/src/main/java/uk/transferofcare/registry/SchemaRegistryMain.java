package uk.transferofcare.registry;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the registry as a process, configured by environment variables:
 *
 * <ul>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} (default {@code localhost:9092})
 *   <li>{@code SCHEMA_REGISTRY_HOST} (default {@code 127.0.0.1}; {@code 0.0.0.0} to listen on every interface)
 *   <li>{@code SCHEMA_REGISTRY_PORT} (default {@code 8081}; 0 picks a free port)
 *   <li>{@code SCHEMA_REGISTRY_TOPIC} (default {@code _schemas})
 *   <li>{@code SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR} (default 1)
 * </ul>
 *
 * <p>A bad value stops start-up with a message naming the variable and the rule, exit code 2; a start-up failure
 * (Kafka unreachable, port taken) exits with 1. SIGTERM closes the registry cleanly.
 */
public final class SchemaRegistryMain {

    public static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String HOST = "SCHEMA_REGISTRY_HOST";
    public static final String PORT = "SCHEMA_REGISTRY_PORT";
    public static final String TOPIC = "SCHEMA_REGISTRY_TOPIC";
    public static final String REPLICATION_FACTOR = "SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR";

    static final int EXIT_BAD_SETTING = 2;
    static final int EXIT_START_FAILED = 1;

    private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:]+:\\d{1,5}");

    private SchemaRegistryMain() {}

    public static void main(String[] args) {
        // Our own logback file (Kafka clients at WARN) unless one is given: the jar ships no logback.xml, so that
        // modules embedding the registry keep their own logging.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "schema-registry-logback.xml");
        }
        RegistryConfig config;
        try {
            config = fromEnvironment(System.getenv());
        } catch (InvalidSettingException e) {
            System.err.println("schema-registry: " + e.getMessage());
            System.exit(EXIT_BAD_SETTING);
            return;
        }
        Logger log = LoggerFactory.getLogger(SchemaRegistryMain.class);
        SchemaRegistryServer server;
        try {
            server = SchemaRegistryServer.start(config);
        } catch (RuntimeException e) {
            log.error("Schema registry did not start: {}", e.getMessage());
            System.exit(EXIT_START_FAILED);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "schema-registry-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The registry settings from these environment variables, with the defaults above. */
    static RegistryConfig fromEnvironment(Map<String, String> env) {
        String bootstrap = value(env, BOOTSTRAP_SERVERS, "localhost:9092");
        for (String server : bootstrap.split(",")) {
            if (!HOST_PORT.matcher(server.trim()).matches()) {
                throw new InvalidSettingException(BOOTSTRAP_SERVERS + "=" + bootstrap
                        + ": must be a comma-separated list of host:port, e.g. localhost:9092");
            }
        }
        String host = value(env, HOST, RegistryConfig.DEFAULT_HOST);
        if (host.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidSettingException(
                    HOST + "=" + host + ": must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0");
        }
        int port = integer(env, PORT, 8081, 0, 65535, "must be a port number 0-65535");
        String topic = value(env, TOPIC, RegistryConfig.DEFAULT_TOPIC);
        if (!RegistryConfig.isValidTopicName(topic)) {
            throw new InvalidSettingException(TOPIC + "=" + topic + ": " + RegistryConfig.TOPIC_RULE);
        }
        int replicationFactor =
                integer(env, REPLICATION_FACTOR, 1, 1, Short.MAX_VALUE, "must be a whole number 1-32767");
        return new RegistryConfig(
                bootstrap, host, port, topic, (short) replicationFactor, RegistryConfig.DEFAULT_INIT_TIMEOUT);
    }

    private static String value(Map<String, String> env, String name, String defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return value.trim();
    }

    private static int integer(Map<String, String> env, String name, int defaultValue, int min, int max, String rule) {
        String text = value(env, name, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(text);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingException(name + "=" + text + ": " + rule);
    }

    /** An environment variable with a value the registry cannot use. */
    static final class InvalidSettingException extends RuntimeException {
        InvalidSettingException(String message) {
            super(message);
        }
    }
}
