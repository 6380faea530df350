package uk.transferofcare.resilience;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One kind of fault the suite injects into the running platform, by the name of the process as {@code ./run} names
 * it (its pid file under {@code <data-dir>/pids/}).
 *
 * @param name the option value and the row of the table
 * @param process the process it acts on ({@code null} for none)
 * @param kind what is done to it
 * @param description the table's wording
 */
record Fault(String name, String process, Kind kind, String description) {

    /** What is done to the process. */
    enum Kind {
        /** Nothing: the baseline row, which shows the harness finds nothing when nothing happens. */
        NONE,
        /** {@code kill -9}; {@code ./run} starts it again. */
        KILL,
        /** {@code kill -STOP}, then {@code kill -CONT} after the pause: a process that hangs, then comes back. */
        PAUSE,
        /** A record that is not the wire format on every input topic ({@link PoisonRecords}). */
        POISON,
        /** The webhook receiver answers 503 for the outage (the dev inbox's failure switch), then 200 again. */
        WEBHOOK_OUTAGE,
        /**
         * The webhook receiver is down for the outage: its port refuses connections (the dev inbox's webhook outage
         * switch), then listens again.
         */
        WEBHOOK_DOWN,
        /**
         * The SMTP server is down for the outage: connections refused (the dev inbox's SMTP outage switch), then up
         * again on its port.
         */
        SMTP_OUTAGE,
        /**
         * The webhook receiver refuses every delivery with 401 for the outage (a credential rotated on one side only):
         * a status the notification service does not retry, so each delivery goes to the dead-letter topic and pages
         * (NotificationFailures); when the outage ends the suite does what the runbook says, {@code POST
         * /api/notifications/dlt/replay} as an ADMIN, and every notice must then arrive, once.
         */
        WEBHOOK_REFUSED,
        /**
         * The webhook receiver is slow for the outage: it keeps each delivery at once and answers {@link
         * #SLOW_ANSWER} later (the dev inbox's slow switch), below the notification service's request timeout.
         */
        WEBHOOK_SLOW,
        /**
         * The webhook receiver has too little capacity for the outage: it takes up {@link #OVERLOADED_CONCURRENT}
         * delivery at a time and answers each {@link #OVERLOADED_ANSWER} later, the rest waiting their turn (the dev
         * inbox's slow switch with a limit). Deliveries wait past the service's request timeout and are retried; the
         * service keeps polling and falls behind.
         */
        WEBHOOK_OVERLOADED;

        /** A receiver outage that runs its course while the services stay up. */
        boolean isOutage() {
            return this == WEBHOOK_OUTAGE
                    || this == WEBHOOK_DOWN
                    || this == SMTP_OUTAGE
                    || this == WEBHOOK_REFUSED
                    || this == WEBHOOK_SLOW
                    || this == WEBHOOK_OVERLOADED;
        }
    }

    /**
     * The process of the {@code controller} fault: not a fixed name but whichever Kafka node leads the metadata quorum
     * when the fault is injected (asked of the cluster each time, so a repeated kill follows the leadership).
     */
    static final String ACTIVE_CONTROLLER = "the active controller";

    /**
     * How late the slow receiver answers each webhook: below the notification service's {@code
     * notification.webhook.request-timeout} (5 s), so nothing times out; with its bulkhead of 64 calls in flight, at
     * most 16 deliveries a second reach the receiver.
     */
    static final Duration SLOW_ANSWER = Duration.ofSeconds(4);

    /** How late the overloaded receiver answers each webhook it has taken up. */
    static final Duration OVERLOADED_ANSWER = Duration.ofSeconds(1);

    /** How many webhooks the overloaded receiver takes up at once: about one delivery a second gets through. */
    static final int OVERLOADED_CONCURRENT = 1;

    static final List<Fault> ALL = List.of(
            new Fault("none", null, Kind.NONE, "no fault (the harness's baseline)"),
            new Fault("processor", "handover-processor", Kind.KILL, "kill -9 of handover-processor"),
            new Fault(
                    "processor-pause",
                    "handover-processor",
                    Kind.PAUSE,
                    "SIGSTOP of handover-processor, SIGCONT after the pause"),
            new Fault("api", "handover-api", Kind.KILL, "kill -9 of handover-api"),
            new Fault("api-pause", "handover-api", Kind.PAUSE, "SIGSTOP of handover-api, SIGCONT after the pause"),
            new Fault("notification", "notification-service", Kind.KILL, "kill -9 of notification-service"),
            new Fault(
                    "notification-pause",
                    "notification-service",
                    Kind.PAUSE,
                    "SIGSTOP of notification-service, SIGCONT after the pause"),
            new Fault("registry", "schema-registry", Kind.KILL, "kill -9 of the schema registry"),
            new Fault(
                    "registry-pause",
                    "schema-registry",
                    Kind.PAUSE,
                    "SIGSTOP of the schema registry, SIGCONT after the pause"),
            new Fault("broker", "kafka-2", Kind.KILL, "kill -9 of Kafka node 2 (broker and controller)"),
            new Fault(
                    "controller",
                    ACTIVE_CONTROLLER,
                    Kind.KILL,
                    "kill -9 of the active KRaft controller (the node leading the metadata quorum at that moment)"),
            new Fault("broker-pause", "kafka-3", Kind.PAUSE, "SIGSTOP of Kafka node 3, SIGCONT after the pause"),
            new Fault("postgres", "postgres", Kind.KILL, "kill -9 of PostgreSQL (the read store)"),
            new Fault(
                    "postgres-pause",
                    "postgres",
                    Kind.PAUSE,
                    "SIGSTOP of PostgreSQL (the read store: the server and every backend), SIGCONT after the pause"),
            new Fault(
                    "webhook-outage",
                    null,
                    Kind.WEBHOOK_OUTAGE,
                    "the webhook receiver answers 503, then 200 again after the outage"),
            new Fault(
                    "webhook-down",
                    null,
                    Kind.WEBHOOK_DOWN,
                    "the webhook receiver down (connections refused), listening again after the outage"),
            new Fault(
                    "smtp-outage",
                    null,
                    Kind.SMTP_OUTAGE,
                    "the SMTP server down (connections refused), up again after the outage"),
            new Fault(
                    "webhook-refused",
                    null,
                    Kind.WEBHOOK_REFUSED,
                    "the webhook receiver refuses every delivery with 401 (not retried: dead-lettered), then 200 again"
                            + " after the outage and the dead letters replayed as the runbook says"),
            new Fault(
                    "webhook-slow",
                    null,
                    Kind.WEBHOOK_SLOW,
                    "the webhook receiver slow: each delivery kept at once and answered " + SLOW_ANSWER.toSeconds()
                            + " s later, at once again after the outage"),
            new Fault(
                    "webhook-overloaded",
                    null,
                    Kind.WEBHOOK_OVERLOADED,
                    "the webhook receiver overloaded: " + OVERLOADED_CONCURRENT + " delivery at a time, each answered "
                            + OVERLOADED_ANSWER.toSeconds() + " s later, the rest waiting their turn; at once again"
                            + " after the outage"),
            new Fault(
                    "poison",
                    null,
                    Kind.POISON,
                    "a poison record (not Avro) on each of the " + PoisonRecords.INPUTS.size() + " input topics"));

    /** The faults named in {@code list} (comma-separated), in the suite's order. */
    static List<Fault> parse(String list) {
        List<String> names = Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        for (String name : names) {
            if (ALL.stream().noneMatch(f -> f.name.equals(name))) {
                throw new IllegalArgumentException("--faults: unknown fault '" + name + "'; known: "
                        + ALL.stream().map(Fault::name).collect(Collectors.joining(", ")));
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--faults needs at least one fault");
        }
        return ALL.stream().filter(f -> names.contains(f.name)).toList();
    }

    /**
     * The alerts of {@code deploy/prometheus/alerts.yml} an operator must see for this fault: at least one of them
     * pending or firing during the row, or the row fails (when Prometheus runs). Empty for the kills of the registry
     * and PostgreSQL: the launcher has either back within seconds, and whether the services' 5 s dependency check and
     * a scrape fall inside so short an outage is a matter of timing; their pauses last long enough to be seen. Empty
     * for the slow receiver too: the service keeps up with it (64 deliveries in flight), and nothing should page.
     */
    java.util.Set<String> expectedAlerts() {
        return switch (name) {
            case "processor", "processor-pause", "api", "api-pause", "notification", "notification-pause" ->
                java.util.Set.of("ServiceDown");
            case "registry-pause" -> java.util.Set.of("SchemaRegistryUnreachable");
            case "postgres-pause" -> java.util.Set.of("ReadStoreUnreachable", "ProjectionLagging");
            case "broker", "controller", "broker-pause" ->
                java.util.Set.of("UnderReplicatedPartitions", "PartitionsBelowMinIsr");
            case "webhook-outage", "webhook-down", "smtp-outage" ->
                java.util.Set.of("NotificationRetries", "NotificationFailures");
            case "webhook-refused" -> java.util.Set.of("NotificationFailures");
            case "webhook-overloaded" -> java.util.Set.of("ConsumerLag", "NotificationRetries");
            case "poison" -> java.util.Set.of("DeadLettersGrowing");
            default -> java.util.Set.of();
        };
    }

    /** The table's wording, with the length of a pause or an outage. */
    String describe(Duration pause, Duration outage) {
        return switch (kind) {
            case PAUSE -> description + " (" + pause.toSeconds() + " s)";
            case WEBHOOK_OUTAGE, WEBHOOK_DOWN, SMTP_OUTAGE, WEBHOOK_REFUSED, WEBHOOK_SLOW, WEBHOOK_OVERLOADED ->
                description + " (" + outage.toSeconds() + " s)";
            default -> description;
        };
    }
}
