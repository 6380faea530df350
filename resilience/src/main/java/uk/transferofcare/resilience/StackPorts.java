package uk.transferofcare.resilience;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ports and process names of a platform {@code ./run} started with {@code --ports-offset}, {@code --brokers} and
 * {@code --instances}: the launcher's rules (local-stack's {@code Ports} and {@code ServiceInstance}), which the suite
 * cannot import, written once here for {@link Stack} and {@link Alerts}. With several instances, instance i of
 * handover-api and handover-processor is {@code <module>-i} on the service's port + {@value #INSTANCE_STEP}·i, and
 * handover-api's own port is the launcher's front.
 *
 * @param offset {@code --ports-offset}
 * @param brokers {@code --brokers}
 * @param instances {@code --instances}
 */
record StackPorts(int offset, int brokers, int instances) {

    static final int API = 8080;
    static final int REGISTRY = 8081;
    static final int PROCESSOR = 8082;
    static final int NOTIFICATION = 8083;
    static final int KAFKA = 9092;
    static final int POSTGRES = 5432;
    static final int INBOX = 8025;
    static final int MANAGEMENT_OFFSET = 10_000;
    static final int INSTANCE_STEP = 100;

    /** The API's public port: its only instance, or the front to several. */
    int api() {
        return API + offset;
    }

    int registry() {
        return REGISTRY + offset;
    }

    int postgres() {
        return POSTGRES + offset;
    }

    int inbox() {
        return INBOX + offset;
    }

    /** Kafka node n's client port (1-based). */
    int kafka(int node) {
        return KAFKA + 2 * (node - 1) + offset;
    }

    /** Kafka node n's process name. */
    static String kafkaName(int node) {
        return node == 1 ? "kafka" : "kafka-" + node;
    }

    /** Each service process (by its name, as its pid file has it) and its main port, services in start order. */
    Map<String, Integer> services() {
        Map<String, Integer> services = new LinkedHashMap<>();
        addInstances(services, "handover-api", API);
        addInstances(services, "handover-processor", PROCESSOR);
        services.put("notification-service", NOTIFICATION + offset);
        return services;
    }

    /** The service (Prometheus' job) a process of {@link #services()} is an instance of. */
    static String serviceOf(String process) {
        return process.replaceFirst("-[1-9]$", "");
    }

    /**
     * The process a fault names by its service ({@code handover-processor}) acts on the first time: with several
     * instances the first one, {@code handover-processor-1}; a Kafka node other than the first on one broker: the only
     * one.
     */
    String process(String named) {
        return process(named, 1);
    }

    /**
     * The process a fault named by its service acts on the {@code time}-th time in its row (1-based): with several
     * instances of handover-api or handover-processor each in turn ({@code -1}, {@code -2}, {@code -1}, ...), so that a
     * row of ten kills kills every instance; a Kafka node other than the first on one broker: the only one.
     */
    String process(String named, int time) {
        if (time < 1) {
            throw new IllegalArgumentException("time is 1-based, was " + time);
        }
        if (named.startsWith("kafka-") && brokers == 1) {
            return "kafka";
        }
        if (instances > 1 && (named.equals("handover-api") || named.equals("handover-processor"))) {
            return named + "-" + (1 + (time - 1) % instances);
        }
        return named;
    }

    private void addInstances(Map<String, Integer> services, String module, int base) {
        if (instances == 1) {
            services.put(module, base + offset);
            return;
        }
        for (int i = 1; i <= instances; i++) {
            services.put(module + "-" + i, base + INSTANCE_STEP * i + offset);
        }
    }
}
