package uk.transferofcare.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.notification.routing.NotificationIds;
import uk.transferofcare.support.serde.AvroSerializer;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformInfrastructure;
import uk.transferofcare.testkit.PlatformIntegrationTest;

/**
 * The crash test of issue 11: the executable jar runs as a child JVM and is killed with SIGKILL ({@link
 * Process#destroyForcibly()}) while deliveries are in flight; a new instance takes over. The receivers (a real HTTP
 * server and a real SMTP server in this JVM) keep every request and do not dedupe. After the kill they hold their
 * answers (requests received, not answered) so that deliveries are certainly in flight at the kill.
 *
 * <p>Then: no notification is missing; every request of one notification carries its idempotency key (webhook
 * {@code Idempotency-Key}, e-mail {@code Message-ID} and {@code X-Idempotency-Key}); a notification reached a receiver
 * twice only if it was in flight at the kill (received before it, but not in the dedupe store the killed instance
 * wrote), at most twice; each receiver saw every case's pre-alert before its arrival; and the audit trail continues
 * every event's trace.
 */
@PlatformIntegrationTest
class KillDuringDeliveryIT {

    private static final Logger log = LoggerFactory.getLogger(KillDuringDeliveryIT.class);

    static final int CASES = 40;
    static final String RECIPIENT = "crash-desk";
    static final WebhookReceiver webhooks = new WebhookReceiver();
    static final RecordingSmtpServer smtp = new RecordingSmtpServer();
    static final String SUFFIX = NotificationTestProperties.uniqueSuffix();

    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void topics() {
        NotificationTestProperties.createInputTopic(SUFFIX);
    }

    @AfterAll
    static void stopReceivers() throws Exception {
        webhooks.close();
        smtp.close();
    }

    /**
     * An instance's settings: the test's topics and routing, timeouts far beyond the time answers are held. The
     * recipient's addresses name the instance ({@code /first/...}, {@code ...@first.nhs.example}), so the receivers
     * can tell which instance sent a request even when it arrives after the sender died.
     */
    private static List<String> settings(String instance) {
        Map<String, String> p = new LinkedHashMap<>();
        List<String> base = new ArrayList<>(NotificationTestProperties.common(webhooks.baseUrl(), smtp.port()));
        base.addAll(NotificationTestProperties.ownTopics(SUFFIX));
        base.add(NotificationTestProperties.LOCAL_PROFILE);
        base.addAll(List.of(
                "notification.recipients." + RECIPIENT + ".email=crash-desk.{site}@" + instance + ".nhs.example",
                "notification.recipients." + RECIPIENT + ".webhook=" + webhooks.baseUrl() + "/" + instance
                        + "/crash/{site}",
                "notification.routes[0].event=PRE_ALERTED",
                "notification.routes[0].recipients[0]=" + RECIPIENT,
                "notification.routes[1].event=ARRIVED",
                "notification.routes[1].recipients[0]=" + RECIPIENT,
                "notification.webhook.request-timeout=60s",
                "notification.resilience.webhook.timeout=90s",
                "notification.resilience.email.timeout=90s",
                "spring.mail.properties.mail.smtp.timeout=90000",
                "spring.mail.properties.mail.smtp.writetimeout=90000",
                // The killed instance never leaves its consumer groups: a short session hands its partitions over
                // soon.
                "spring.kafka.consumer.properties.session.timeout.ms=6000",
                "spring.kafka.consumer.properties.heartbeat.interval.ms=1000"));
        // Later settings replace earlier ones (a key given twice on the command line would be joined, not replaced).
        base.forEach(s -> p.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1)));
        return p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    @Test
    void
            givenDeliveriesInFlight_whenTheServiceIsKilledAndANewOneTakesOver_thenOnlyThoseInFlightAreSentAgainWithTheirKeys(
                    PlatformInfrastructure infrastructure, KafkaTestClients kafka) throws Exception {
        // Given: 40 cases, each a pre-alert then an arrival, each to one recipient by webhook and by e-mail.
        List<HandoverEvent> events = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            HandoverEvent preAlert = Events.preAlerted("SITE" + i, "G");
            events.add(preAlert);
            events.add(Events.event(EventType.ARRIVED, "SITE" + i, "G")
                    .setCaseId(preAlert.getCaseId())
                    .setSequence(2)
                    .build());
        }
        Map<String, HandoverEvent> byWebhookId = byNotificationId(events, NotificationChannel.WEBHOOK);
        Map<String, HandoverEvent> byEmailId = byNotificationId(events, NotificationChannel.EMAIL);
        Map<String, String> traceOfEvent = send(infrastructure, events);
        webhooks.holdAfter(20);
        smtp.holdAfter(20);

        // When: the service, as its own JVM, has deliveries in flight on both channels, it is killed.
        Path firstLog = Path.of("target", "kill-during-delivery-first-run.log");
        Process first = start(infrastructure, firstLog);
        try {
            Awaitility.await("deliveries in flight on both channels")
                    .atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!first.isAlive()) {
                            throw new IllegalStateException(
                                    "the service exited with " + first.exitValue() + ":\n" + tail(firstLog));
                        }
                        return !webhooks.held().isEmpty() && !smtp.held().isEmpty();
                    });
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.destroyForcibly();
        }
        Set<String> recordedAsDelivered = dedupeStore(infrastructure);
        webhooks.release();
        smtp.release();

        // Then a new instance delivers the rest.
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(NotificationServiceApplication.class)
                .run(settings("second").stream().map(s -> "--" + s).toArray(String[]::new))) {
            Awaitility.await("every notification received")
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> keys(webhooks.received()).containsAll(byWebhookId.keySet())
                            && emailKeys(smtp.received()).containsAll(byEmailId.keySet()));
        }

        List<WebhookReceiver.Received> hooks = webhooks.received();
        List<RecordingSmtpServer.Received> mails = smtp.received();
        // What the killed instance sent, whenever it arrived (some of it may reach a receiver after the kill).
        List<WebhookReceiver.Received> hooksFromFirst =
                hooks.stream().filter(r -> r.path().startsWith("/hooks/first/")).toList();
        List<RecordingSmtpServer.Received> mailsFromFirst = mails.stream()
                .filter(m -> m.recipient().endsWith("@first.nhs.example"))
                .toList();
        Set<String> inFlightAtKill = new HashSet<>();
        hooksFromFirst.forEach(r -> inFlightAtKill.add(r.idempotencyKey()));
        mailsFromFirst.forEach(m -> inFlightAtKill.add(m.idempotencyKey()));
        inFlightAtKill.removeAll(recordedAsDelivered);
        Set<String> unanswered = new HashSet<>(webhooks.held());
        unanswered.addAll(smtp.held());
        log.info(
                "The killed instance sent {} webhooks and {} e-mails; {} of them were not answered, {} in flight"
                        + " (sent, not in its dedupe store)",
                hooksFromFirst.size(),
                mailsFromFirst.size(),
                unanswered.size(),
                inFlightAtKill.size());
        assertThat(hooksFromFirst.size() + mailsFromFirst.size())
                .as("killed during delivery")
                .isLessThan(4 * CASES);
        assertThat(new HashSet<>(keys(hooks)))
                .as("webhooks: none missing, none unknown")
                .isEqualTo(byWebhookId.keySet());
        assertThat(new HashSet<>(emailKeys(mails)))
                .as("e-mails: none missing, none unknown")
                .isEqualTo(byEmailId.keySet());
        assertThat(hooks)
                .as("every webhook request carries its notification's key")
                .allSatisfy(r -> assertThat(
                                json.readTree(r.body()).get("notificationId").asString())
                        .isEqualTo(r.idempotencyKey()));
        assertThat(mails)
                .as("every e-mail carries its notification's Message-ID")
                .allSatisfy(m -> assertThat(m.messageId())
                        .isEqualTo("<" + m.idempotencyKey() + "@notification-service.transfer-of-care>"));

        Map<String, Long> repeats = new HashMap<>();
        counts(keys(hooks)).forEach((k, n) -> repeats.merge(k, n - 1, Long::sum));
        counts(emailKeys(mails)).forEach((k, n) -> repeats.merge(k, n - 1, Long::sum));
        repeats.values().removeIf(n -> n == 0);
        Map<String, String> history = new LinkedHashMap<>();
        repeats.keySet().stream()
                .filter(k -> !inFlightAtKill.contains(k))
                .forEach(k -> history.put(
                        k,
                        String.format(
                                "%d requests from the killed instance, %d from the new one; in its dedupe store: %s",
                                Stream.concat(keys(hooksFromFirst).stream(), emailKeys(mailsFromFirst).stream())
                                        .filter(k::equals)
                                        .count(),
                                Stream.concat(keys(hooks).stream(), emailKeys(mails).stream())
                                                .filter(k::equals)
                                                .count()
                                        - Stream.concat(
                                                        keys(hooksFromFirst).stream(),
                                                        emailKeys(mailsFromFirst).stream())
                                                .filter(k::equals)
                                                .count(),
                                recordedAsDelivered.contains(k))));
        assertThat(repeats.keySet())
                .as("sent again: every one the receivers had not answered, perhaps others in flight at the kill, no"
                        + " other; not in flight but sent again: " + history)
                .containsAll(unanswered)
                .isSubsetOf(inFlightAtKill);
        assertThat(repeats.values()).as("each at most once more").containsOnly(1L);

        assertThat(firstArrivalOrder(keys(hooks), byWebhookId))
                .as("the webhook receiver saw each case's pre-alert first")
                .allMatch(types -> types.equals(List.of(EventType.PRE_ALERTED, EventType.ARRIVED)));
        assertThat(firstArrivalOrder(emailKeys(mails), byEmailId))
                .as("the mail server saw each case's pre-alert first")
                .allMatch(types -> types.equals(List.of(EventType.PRE_ALERTED, EventType.ARRIVED)));

        Set<String> caseIds = events.stream().map(HandoverEvent::getCaseId).collect(Collectors.toSet());
        List<ConsumerRecord<String, NotificationOutcome>> outcomes = kafka.readUntil(
                "notification-outcomes",
                NotificationOutcome.class,
                records -> records.stream()
                                .filter(r -> caseIds.contains(r.key()))
                                .map(r -> r.value().getNotificationId())
                                .collect(Collectors.toSet())
                                .size()
                        >= 4 * CASES,
                Duration.ofSeconds(60));
        assertThat(outcomes.stream().filter(r -> caseIds.contains(r.key())))
                .as("each outcome continues the trace of its event")
                .allSatisfy(r -> assertThat(traceId(r.headers().lastHeader("traceparent")))
                        .isEqualTo(traceOfEvent.get(r.value().getEventId())));
    }

    private static Map<String, HandoverEvent> byNotificationId(
            List<HandoverEvent> events, NotificationChannel channel) {
        return events.stream()
                .collect(Collectors.toMap(
                        e -> NotificationIds.of(e.getEventId(), RECIPIENT, channel), Function.identity()));
    }

    private static List<String> keys(List<WebhookReceiver.Received> hooks) {
        return hooks.stream().map(WebhookReceiver.Received::idempotencyKey).toList();
    }

    private static List<String> emailKeys(List<RecordingSmtpServer.Received> mails) {
        return mails.stream().map(RecordingSmtpServer.Received::idempotencyKey).toList();
    }

    private static Map<String, Long> counts(List<String> keys) {
        return keys.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** Per case, the event types in the order their first request arrived. */
    private static List<List<EventType>> firstArrivalOrder(List<String> keys, Map<String, HandoverEvent> events) {
        Map<String, List<EventType>> perCase = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String key : keys) {
            if (seen.add(key)) {
                HandoverEvent e = events.get(key);
                perCase.computeIfAbsent(e.getCaseId(), c -> new ArrayList<>()).add(e.getType());
            }
        }
        return List.copyOf(perCase.values());
    }

    /** Sends the events in order, each with its own W3C trace; returns the trace id of each event. */
    private static Map<String, String> send(PlatformInfrastructure infrastructure, List<HandoverEvent> events)
            throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put("schema.registry.url", infrastructure.schemaRegistryUrl());
        AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        Map<String, String> traces = new HashMap<>();
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            List<Future<?>> sent = new ArrayList<>();
            for (HandoverEvent e : events) {
                String traceId = hex(16);
                traces.put(e.getEventId(), traceId);
                ProducerRecord<String, SpecificRecord> record =
                        new ProducerRecord<>("handover-events-" + SUFFIX, e.getCaseId(), e);
                record.headers()
                        .add("traceparent", ("00-" + traceId + "-" + hex(8) + "-01").getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(record));
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        return traces;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String traceId(Header traceparent) {
        return traceparent == null ? "(none)" : new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1];
    }

    /** The keys the killed instance wrote to its dedupe store (read to the end after the kill). */
    private static Set<String> dedupeStore(PlatformInfrastructure infrastructure) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "kill-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor("notification-delivered-" + SUFFIX, Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Awaitility.await("the dedupe store read to its end")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
        }
        return keys;
    }

    private static Process start(PlatformInfrastructure infrastructure, Path logFile) throws IOException {
        Path jar = Path.of(System.getProperty("notification.jar", "target/notification-service-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the executable jar of the package phase").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString()));
        settings("first").forEach(s -> command.add("--" + s));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrapServers());
        builder.environment().put("SCHEMA_REGISTRY_URL", infrastructure.schemaRegistryUrl());
        Files.createDirectories(logFile.getParent());
        Files.deleteIfExists(logFile);
        builder.redirectErrorStream(true);
        builder.redirectOutput(logFile.toFile());
        return builder.start();
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
