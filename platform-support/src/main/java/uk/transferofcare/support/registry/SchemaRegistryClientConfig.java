package uk.transferofcare.support.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Registry client settings, read from the same keys Confluent's clients use so a Kafka client configuration works
 * with either implementation.
 *
 * @param urls {@code schema.registry.url}: one or more base URLs, comma-separated
 * @param basicAuthUserInfo {@code basic.auth.user.info} ({@code user:password}) when
 *     {@code basic.auth.credentials.source=USER_INFO}
 * @param connectTimeout {@code schema.registry.connect.timeout.ms} (default 2000)
 * @param requestTimeout {@code schema.registry.request.timeout.ms} (default 5000)
 * @param maxAttempts {@code schema.registry.retry.max.attempts} (default 4)
 * @param initialBackoff {@code schema.registry.retry.backoff.ms} (default 200, doubled per attempt, with jitter)
 * @param latestCacheTtl {@code latest.cache.ttl.sec} (default 60)
 */
public record SchemaRegistryClientConfig(
        List<URI> urls,
        String basicAuthUserInfo,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration latestCacheTtl) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String RETRY_MAX_ATTEMPTS = "schema.registry.retry.max.attempts";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";

    public SchemaRegistryClientConfig {
        if (urls == null || urls.isEmpty()) {
            throw new ConfigException(URL, urls, "at least one schema registry URL is required");
        }
        if (maxAttempts < 1) {
            throw new ConfigException(RETRY_MAX_ATTEMPTS, maxAttempts, "must be at least 1");
        }
    }

    /** Settings for one URL with the defaults. */
    public static SchemaRegistryClientConfig of(String url) {
        return from(Map.of(URL, url));
    }

    /** Reads the settings from a Kafka client configuration map. */
    public static SchemaRegistryClientConfig from(Map<String, ?> configs) {
        Object raw = configs.get(URL);
        if (raw == null || raw.toString().isBlank()) {
            throw new ConfigException(
                    URL, raw, "missing: set " + URL + " to the schema registry's base URL, e.g. http://localhost:8081");
        }
        List<URI> urls = Arrays.stream(raw.toString().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> toUri(s))
                .toList();
        String userInfo = null;
        Object source = configs.get(BASIC_AUTH_SOURCE);
        if (source != null && "USER_INFO".equalsIgnoreCase(source.toString())) {
            Object info = configs.get(BASIC_AUTH_USER_INFO);
            if (info == null || !info.toString().contains(":")) {
                throw new ConfigException(BASIC_AUTH_USER_INFO, "(hidden)", "must be user:password");
            }
            userInfo = info.toString();
        }
        return new SchemaRegistryClientConfig(
                urls,
                userInfo,
                Duration.ofMillis(positiveLong(configs, CONNECT_TIMEOUT_MS, 2000)),
                Duration.ofMillis(positiveLong(configs, REQUEST_TIMEOUT_MS, 5000)),
                (int) positiveLong(configs, RETRY_MAX_ATTEMPTS, 4),
                Duration.ofMillis(positiveLong(configs, RETRY_BACKOFF_MS, 200)),
                Duration.ofSeconds(positiveLong(configs, LATEST_CACHE_TTL_SEC, 60)));
    }

    private static URI toUri(String s) {
        try {
            URI uri = URI.create(s);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(URL, s, "not an http(s) URL: " + e.getMessage());
        }
    }

    private static long positiveLong(Map<String, ?> configs, String key, long defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.toString().trim());
            if (parsed <= 0) {
                throw new ConfigException(key, value, "must be positive");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "not a number");
        }
    }
}
