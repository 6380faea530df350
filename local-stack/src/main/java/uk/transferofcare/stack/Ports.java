package uk.transferofcare.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every port the local stack listens on, after {@code --ports-offset}.
 *
 * @param offset added to every base port
 */
record Ports(int offset) {

    static final int KAFKA = 9092;
    static final int KAFKA_CONTROLLER = 9093;
    static final int REGISTRY = 8081;
    static final int API = 8080;
    static final int PROCESSOR = 8082;
    static final int NOTIFICATION = 8083;
    static final int INBOX_HTTP = 8025;
    static final int INBOX_SMTP = 2525;
    static final int POSTGRES = 5432;

    /** A port and what it is for, to name it when it is taken. */
    record Use(int port, String purpose) {}

    /**
     * Each service's actuator (all but {@code /livez} and {@code /readyz}) listens on its port + this, ADMIN token
     * only: platform-support's {@code ManagementPortEnvironmentPostProcessor} derives it from {@code SERVER_PORT}.
     */
    static final int MANAGEMENT_OFFSET = 10_000;

    static int highestBasePort() {
        return NOTIFICATION + MANAGEMENT_OFFSET;
    }

    /** The service's management port (actuator, ADMIN token). */
    int management(AppService service) {
        return of(service) + MANAGEMENT_OFFSET;
    }

    int kafka() {
        return KAFKA + offset;
    }

    int kafkaController() {
        return KAFKA_CONTROLLER + offset;
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

    int of(AppService service) {
        return service.basePort() + offset;
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + kafka();
    }

    String registryUrl() {
        return "http://127.0.0.1:" + registry();
    }

    /** The ports a stack with these services needs, in start order. */
    List<Use> needed(Set<AppService> services) {
        List<Use> uses = new ArrayList<>();
        uses.add(new Use(inboxSmtp(), "dev inbox SMTP"));
        uses.add(new Use(inboxHttp(), "dev inbox HTTP"));
        uses.add(new Use(kafka(), "Kafka broker"));
        uses.add(new Use(kafkaController(), "Kafka controller"));
        uses.add(new Use(postgres(), "PostgreSQL"));
        uses.add(new Use(registry(), "schema registry"));
        for (AppService service : AppService.values()) {
            if (services.contains(service)) {
                uses.add(new Use(of(service), service.module()));
                uses.add(new Use(management(service), service.module() + " management"));
            }
        }
        return uses;
    }
}
