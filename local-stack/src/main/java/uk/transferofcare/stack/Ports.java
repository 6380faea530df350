package uk.transferofcare.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every port the local stack listens on, after {@code --ports-offset}.
 *
 * @param offset added to every base port
 * @param brokers Kafka nodes; node n (1-based) listens on {@link #kafka(int)} and {@link #kafkaController(int)}
 * @param instances of handover-api and of handover-processor ({@code --instances}); with more than one, instance i
 *     listens on the service's port + {@value #INSTANCE_STEP}·i and handover-api's own port is the launcher's front
 *     that deals connections out to its instances
 */
record Ports(int offset, int brokers, int instances) {

    /** One broker. */
    Ports(int offset) {
        this(offset, 1);
    }

    /** One instance of each service. */
    Ports(int offset, int brokers) {
        this(offset, brokers, 1);
    }

    /** Instance i of a service that runs several listens on its port + this · i. */
    static final int INSTANCE_STEP = 100;

    /** The most instances {@code --instances} starts of a service. */
    static final int MAX_INSTANCES = 3;

    static final int KAFKA = 9092;
    static final int KAFKA_CONTROLLER = 9093;
    static final int REGISTRY = 8081;
    static final int API = 8080;
    static final int PROCESSOR = 8082;
    static final int NOTIFICATION = 8083;
    static final int INBOX_HTTP = 8025;
    static final int INBOX_SMTP = 2525;
    /** The dev inbox's webhook sink on a port of its own, so that it can be down while the page answers. */
    static final int INBOX_WEBHOOKS = 8026;

    static final int POSTGRES = 5432;

    /** A port and what it is for, to name it when it is taken. */
    record Use(int port, String purpose) {}

    /**
     * Each service's actuator (all but {@code /livez} and {@code /readyz}) listens on its port + this, ADMIN token
     * only: platform-support's {@code ManagementPortEnvironmentPostProcessor} derives it from {@code SERVER_PORT}.
     */
    static final int MANAGEMENT_OFFSET = 10_000;

    static int highestBasePort() {
        return Math.max(NOTIFICATION, Math.max(API, PROCESSOR) + INSTANCE_STEP * MAX_INSTANCES) + MANAGEMENT_OFFSET;
    }

    /** An instance's own port: the service's when it runs alone, else the service's + {@value #INSTANCE_STEP}·i. */
    int of(ServiceInstance instance) {
        return instance.count() == 1
                ? of(instance.service())
                : of(instance.service()) + INSTANCE_STEP * instance.index();
    }

    /** An instance's management port (actuator, ADMIN token). */
    int management(ServiceInstance instance) {
        return of(instance) + MANAGEMENT_OFFSET;
    }

    /** How many instances of the service run. */
    int instancesOf(AppService service) {
        return service.scalesOut() ? instances : 1;
    }

    /** Whether handover-api's port is the launcher's front to several instances. */
    boolean apiFront() {
        return instances > 1;
    }

    /** The service's management port (actuator, ADMIN token). */
    int management(AppService service) {
        return of(service) + MANAGEMENT_OFFSET;
    }

    /** The first node's client port. */
    int kafka() {
        return kafka(1);
    }

    /** The first node's controller port. */
    int kafkaController() {
        return kafkaController(1);
    }

    /** Node n's client port: 9092, 9094, 9096 (plus the offset). */
    int kafka(int node) {
        return KAFKA + 2 * (node - 1) + offset;
    }

    /** Node n's controller port: 9093, 9095, 9097 (plus the offset). */
    int kafkaController(int node) {
        return KAFKA_CONTROLLER + 2 * (node - 1) + offset;
    }

    /** {@code controller.quorum.voters}: every node, {@code id@host:port}. */
    String controllerQuorumVoters() {
        List<String> voters = new ArrayList<>();
        for (int node = 1; node <= brokers; node++) {
            voters.add(node + "@127.0.0.1:" + kafkaController(node));
        }
        return String.join(",", voters);
    }

    int registry() {
        return REGISTRY + offset;
    }

    int postgres() {
        return POSTGRES + offset;
    }

    int inboxHttp() {
        return INBOX_HTTP + offset;
    }

    int inboxSmtp() {
        return INBOX_SMTP + offset;
    }

    int inboxWebhooks() {
        return INBOX_WEBHOOKS + offset;
    }

    int of(AppService service) {
        return service.basePort() + offset;
    }

    /** Every node's client address, comma-separated. */
    String kafkaBootstrap() {
        List<String> addresses = new ArrayList<>();
        for (int node = 1; node <= brokers; node++) {
            addresses.add("127.0.0.1:" + kafka(node));
        }
        return String.join(",", addresses);
    }

    /** Replicas of every topic: 3 on three brokers, else 1. */
    short replicationFactor() {
        return (short) (brokers >= 3 ? 3 : 1);
    }

    /** {@code min.insync.replicas}: 2 on three brokers (one may be down), else 1. */
    int minInsyncReplicas() {
        return brokers >= 3 ? 2 : 1;
    }

    String registryUrl() {
        return "http://127.0.0.1:" + registry();
    }

    /** The ports a stack with these services needs, in start order. */
    List<Use> needed(Set<AppService> services) {
        List<Use> uses = new ArrayList<>();
        uses.add(new Use(inboxSmtp(), "dev inbox SMTP"));
        uses.add(new Use(inboxHttp(), "dev inbox HTTP"));
        uses.add(new Use(inboxWebhooks(), "dev inbox webhook sink"));
        for (int node = 1; node <= brokers; node++) {
            String which = brokers == 1 ? "" : " " + node;
            uses.add(new Use(kafka(node), "Kafka broker" + which));
            uses.add(new Use(kafkaController(node), "Kafka controller" + which));
        }
        uses.add(new Use(postgres(), "PostgreSQL"));
        uses.add(new Use(registry(), "schema registry"));
        if (services.contains(AppService.API) && apiFront()) {
            uses.add(new Use(of(AppService.API), "handover-api (the front to its " + instances + " instances)"));
        }
        List<AppService> ordered = java.util.Arrays.stream(AppService.values())
                .filter(services::contains)
                .toList();
        for (ServiceInstance instance : ServiceInstance.of(ordered, instances)) {
            uses.add(new Use(of(instance), instance.name()));
            uses.add(new Use(management(instance), instance.name() + " management"));
        }
        return uses;
    }
}
