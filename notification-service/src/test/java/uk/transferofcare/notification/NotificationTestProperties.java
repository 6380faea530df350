package uk.transferofcare.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Properties every integration test starts the service with: random port, short back-offs, receivers in the JVM. */
public final class NotificationTestProperties {

    public static final String SECRET = "integration-test-secret-0123456789";
    /** An ADMIN's bearer token the service trusts (see {@link uk.transferofcare.testkit.TestTokens}). */
    public static String adminToken() {
        return uk.transferofcare.testkit.TestTokens.token("admin-1", "ADMIN", "ADMIN");
    }

    /**
     * The receivers in the JVM speak plain SMTP and http, which only the local profile allows: a test that starts the
     * service from arguments adds this; a {@code @SpringBootTest} says {@code @ActiveProfiles("local")}.
     */
    public static final String LOCAL_PROFILE = "spring.profiles.active=local";

    private NotificationTestProperties() {}

    /** A suffix that gives a test class its own topics on the shared broker. */
    public static String uniqueSuffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    public static List<String> common(String webhookBaseUrl, int smtpPort) {
        List<String> p = new ArrayList<>(List.of(
                "server.port=0",
                "spring.mail.host=127.0.0.1",
                "spring.mail.port=" + smtpPort,
                "notification.webhook.base-url=" + webhookBaseUrl,
                "notification.webhook.secret=" + SECRET,
                "notification.webhook.request-timeout=1s",
                "notification.public-base-url=https://toc.example",
                "notification.resilience.webhook.timeout=2s",
                "notification.resilience.webhook.retry.initial-interval=20ms",
                "notification.resilience.email.retry.initial-interval=20ms",
                "notification.retries.attempts=4",
                "notification.retries.initial-delay=200ms",
                "notification.retries.multiplier=2",
                "notification.retries.max-delay=2s",
                "spring.kafka.listener.poll-timeout=300ms",
                "platform.kafka.topics.partitions=2"));
        // the test kit's tokens: its key, issuer and audience
        uk.transferofcare.testkit.TestTokens.properties().forEach((key, value) -> p.add(key + "=" + value));
        return p;
    }

    /** Adds {@code key=value} strings to a dynamic property registry. */
    public static void register(
            org.springframework.test.context.DynamicPropertyRegistry registry, List<String> properties) {
        properties.forEach(p -> {
            int eq = p.indexOf('=');
            registry.add(p.substring(0, eq), () -> p.substring(eq + 1));
        });
    }

    /** Creates a test class's own input topic and its dead-letter topic. */
    public static void createInputTopic(String suffix) {
        new uk.transferofcare.testkit.KafkaTestClients(uk.transferofcare.testkit.PlatformInfrastructure.shared())
                .createTopics(List.of(
                        new org.apache.kafka.clients.admin.NewTopic("handover-events-" + suffix, 2, (short) 1),
                        new org.apache.kafka.clients.admin.NewTopic(
                                "handover-events-" + suffix + "-dlt", 2, (short) 1)));
    }

    /** Topic names of one test class: its own input, delivery and dedupe topics. */
    public static List<String> ownTopics(String suffix) {
        return List.of(
                "notification.topics.events=handover-events-" + suffix,
                "notification.topics.deliveries=notification-deliveries-" + suffix,
                "notification.topics.delivered=notification-delivered-" + suffix);
    }
}
