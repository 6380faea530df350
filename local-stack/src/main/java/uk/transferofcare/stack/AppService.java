package uk.transferofcare.stack;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The three Spring Boot services the launcher can start, each from its module's executable jar. */
enum AppService {
    API("api", "handover-api", "Handover API + web UI"),
    PROCESSOR("processor", "handover-processor", "Handover processor"),
    NOTIFICATION("notification", "notification-service", "Notification service");

    private final String shortName;
    private final String module;
    private final String title;

    AppService(String shortName, String module, String title) {
        this.shortName = shortName;
        this.module = module;
        this.title = title;
    }

    /** The name used on the command line ({@code --services api,processor}). */
    String shortName() {
        return shortName;
    }

    /** The Maven module, also the name of its log file and data folder. */
    String module() {
        return module;
    }

    String title() {
        return title;
    }

    /** Base HTTP port, before {@code --ports-offset}. */
    int basePort() {
        return switch (this) {
            case API -> Ports.API;
            case PROCESSOR -> Ports.PROCESSOR;
            case NOTIFICATION -> Ports.NOTIFICATION;
        };
    }

    /**
     * Whether {@code --instances} runs several of it: handover-api (behind one port) and handover-processor (one Kafka
     * Streams application, its tasks shared); notification-service stays one process.
     */
    boolean scalesOut() {
        return this != NOTIFICATION;
    }

    /** Finds a service by its short name or its module name. */
    static Optional<AppService> byName(String name) {
        return Arrays.stream(values())
                .filter(s -> s.shortName.equals(name) || s.module.equals(name))
                .findFirst();
    }

    static String names() {
        return Arrays.stream(values()).map(AppService::shortName).collect(Collectors.joining(", "));
    }
}
