package uk.transferofcare.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
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
 *   <li>{@code SCHEMA_REGISTRY_KAFKASTORE_<KEY>}: a setting of the registry's Kafka clients, the key in upper case
 *       with {@code _} for {@code .} (as Confluent's image reads them), e.g. {@code
 *       SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL=SASL_SSL}, {@code ..._SASL_MECHANISM}, {@code
 *       ..._SASL_JAAS_CONFIG}, {@code ..._SSL_TRUSTSTORE_LOCATION}, {@code ..._SSL_TRUSTSTORE_PASSWORD}
 *   <li>{@code SCHEMA_REGISTRY_USERS_FILE}: a file of {@code user:password} lines, the users who may change the
 *       registry (HTTP Basic); without it anyone may, and a warning says so. Reads are always open.
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
    public static final String KAFKASTORE_PREFIX = "SCHEMA_REGISTRY_KAFKASTORE_";
    public static final String USERS_FILE = "SCHEMA_REGISTRY_USERS_FILE";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

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
        if (config.writers().isEmpty()) {
            log.warn("No {}: anyone who reaches the registry may register, change or delete schemas", USERS_FILE);
        } else {
            log.info(
                    "Changes need the credentials of one of {} writers ({})",
                    config.writers().size(),
                    USERS_FILE);
        }
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
        Map<String, String> kafka = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(KAFKASTORE_PREFIX) && !name.equals(KAFKASTORE_PREFIX + "BOOTSTRAP_SERVERS")) {
                String key = name.substring(KAFKASTORE_PREFIX.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                if (!key.isEmpty() && value != null && !value.isBlank()) {
                    kafka.put(key, value.trim());
                }
            }
        });
        String usersFile = value(env, USERS_FILE, null);
        Map<String, String> writers = usersFile == null ? Map.of() : writers(Path.of(usersFile));
        return new RegistryConfig(
                bootstrap,
                host,
                port,
                topic,
                (short) replicationFactor,
                RegistryConfig.DEFAULT_INIT_TIMEOUT,
                kafka,
                writers);
    }

    /** The {@code user:password} lines of the users file (blank lines and {@code #} comments skipped). */
    static Map<String, String> writers(Path file) {
        java.util.List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InvalidSettingException(USERS_FILE + "=" + file + ": cannot be read (" + e + ")");
        }
        Map<String, String> writers = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !USER.matcher(line.substring(0, colon)).matches() || line.length() - colon - 1 < 16) {
                throw new InvalidSettingException(USERS_FILE + "=" + file + ": line " + (i + 1)
                        + " must be user:password (user of letters, digits, '.', '_' or '-'; password of at least 16"
                        + " characters)");
            }
            writers.put(line.substring(0, colon), line.substring(colon + 1));
        }
        if (writers.isEmpty()) {
            throw new InvalidSettingException(USERS_FILE + "=" + file + ": names no user");
        }
        return writers;
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
