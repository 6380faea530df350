package uk.transferofcare.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The launcher's command line.
 *
 * @param services the application services to start (broker, registry and dev inbox always start)
 * @param portsOffset added to every port, to run beside another stack
 * @param dataDir data folder; empty means {@code <repo>/.data}
 * @param timeout how long start-up may take before the launcher gives up
 * @param demo once ready, start the traffic simulator (history, then live cases)
 * @param restart when a process that dies after start-up is restarted, and when the stack gives up
 * @param help print usage and exit
 * @param secure the broker takes SASL_SSL (SCRAM) clients only and authorises them by ACLs; see {@link SecureKafka}
 * @param lan handover-api listens on every interface, so a phone on this network can try the pages ({@code --lan};
 *     the other services, the broker, PostgreSQL, the registry and the dev inbox stay on loopback)
 * @param brokers Kafka nodes, each broker and KRaft controller: 1, or 3 for production's shape (replication factor 3,
 *     {@code min.insync.replicas} 2, a controller quorum of three)
 * @param inboxCapacity how many emails and how many webhooks the dev inbox keeps (the newest), for a tool that reads
 *     every notification of a run (the fault suite counts repeats); default {@link DevInbox#DEFAULT_CAPACITY}
 * @param instances how many processes of handover-api and of handover-processor ({@code --instances}, 1 to {@link
 *     Ports#MAX_INSTANCES}): the API's instances behind one port (the launcher's front), the processors one Kafka
 *     Streams application sharing its tasks
 */
record Options(
        Set<AppService> services,
        int portsOffset,
        Optional<Path> dataDir,
        Duration timeout,
        boolean demo,
        RestartPolicy restart,
        boolean help,
        boolean secure,
        boolean lan,
        int brokers,
        int inboxCapacity,
        int instances) {

    /** The broker counts {@code --brokers} accepts: one, or production's three (a quorum needs an odd count). */
    static final Set<Integer> BROKER_COUNTS = Set.of(1, 3);

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);
    static final int MAX_TIMEOUT_SECONDS = 3600;
    static final int MAX_INBOX_CAPACITY = 1_000_000;

    /** The options without {@code --secure} and {@code --lan}. */
    Options(
            Set<AppService> services,
            int portsOffset,
            Optional<Path> dataDir,
            Duration timeout,
            boolean demo,
            RestartPolicy restart,
            boolean help) {
        this(services, portsOffset, dataDir, timeout, demo, restart, help, false, false, 1, DevInbox.DEFAULT_CAPACITY);
    }

    /** The options with one instance of each service. */
    Options(
            Set<AppService> services,
            int portsOffset,
            Optional<Path> dataDir,
            Duration timeout,
            boolean demo,
            RestartPolicy restart,
            boolean help,
            boolean secure,
            boolean lan,
            int brokers,
            int inboxCapacity) {
        this(services, portsOffset, dataDir, timeout, demo, restart, help, secure, lan, brokers, inboxCapacity, 1);
    }

    Options {
        services = services.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(services));
        if (!BROKER_COUNTS.contains(brokers)) {
            throw new UsageException("--brokers must be 1 or 3, was " + brokers);
        }
        if (inboxCapacity < 1 || inboxCapacity > MAX_INBOX_CAPACITY) {
            throw new UsageException(
                    "--inbox-capacity must be between 1 and " + MAX_INBOX_CAPACITY + ", was " + inboxCapacity);
        }
        if (instances < 1 || instances > Ports.MAX_INSTANCES) {
            throw new UsageException("--instances must be between 1 and " + Ports.MAX_INSTANCES + ", was " + instances);
        }
        if (lan && instances > 1) {
            // Behind the front every request comes from 127.0.0.1, so /dev/tokens could not tell a phone from here.
            throw new UsageException("--lan takes one instance (--instances 1): behind the launcher's front every"
                    + " request would come from 127.0.0.1, and /dev/tokens, which answers this machine only, would"
                    + " answer the whole network");
        }
    }

    /** The options of {@code ./run} without arguments: everything on the standard ports. */
    static Options defaults() {
        return new Options(
                EnumSet.allOf(AppService.class),
                0,
                Optional.empty(),
                DEFAULT_TIMEOUT,
                false,
                RestartPolicy.defaults(),
                false);
    }

    /**
     * Parses the command line. Accepts {@code --name value} and {@code --name=value}.
     *
     * @throws UsageException with a message for the user when an option is unknown, lacks its value or has a bad one
     */
    static Options parse(String... args) {
        Set<AppService> services = EnumSet.allOf(AppService.class);
        int portsOffset = 0;
        Optional<Path> dataDir = Optional.empty();
        Duration timeout = DEFAULT_TIMEOUT;
        boolean demo = false;
        int maxRestarts = RestartPolicy.DEFAULT_MAX_RESTARTS;
        Duration restartWindow = RestartPolicy.DEFAULT_WINDOW;
        boolean help = false;
        boolean secure = false;
        boolean lan = false;
        int brokers = 1;
        int inboxCapacity = DevInbox.DEFAULT_CAPACITY;
        int instances = 1;

        List<String> queue = new ArrayList<>(Arrays.asList(args));
        while (!queue.isEmpty()) {
            String arg = queue.remove(0);
            String name = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--demo" -> demo = true;
                case "--secure" -> secure = true;
                case "--lan" -> {
                    if (inlineValue != null) {
                        throw new UsageException("Option --lan takes no value, was " + arg);
                    }
                    lan = true;
                }
                case "--no-build" -> {
                    // Consumed by ./run; harmless when the jar is started directly.
                }
                case "--services" -> services = parseServices(value(name, inlineValue, queue));
                case "--ports-offset" -> portsOffset = parsePortsOffset(value(name, inlineValue, queue));
                case "--data-dir" -> dataDir = Optional.of(parseDataDir(value(name, inlineValue, queue)));
                case "--timeout" -> timeout = parseTimeout(value(name, inlineValue, queue));
                case "--max-restarts" -> maxRestarts = parseMaxRestarts(value(name, inlineValue, queue));
                case "--restart-window" -> restartWindow = parseRestartWindow(value(name, inlineValue, queue));
                case "--brokers" -> brokers = parseBrokers(value(name, inlineValue, queue));
                case "--inbox-capacity" -> inboxCapacity = parseInt(name, value(name, inlineValue, queue));
                case "--instances" -> instances = parseInt(name, value(name, inlineValue, queue));
                default ->
                    throw new UsageException(
                            arg.startsWith("-") ? "Unknown option: " + arg : "Unexpected argument: " + arg);
            }
        }
        return new Options(
                services,
                portsOffset,
                dataDir,
                timeout,
                demo,
                new RestartPolicy(maxRestarts, restartWindow),
                help,
                secure,
                lan,
                brokers,
                inboxCapacity,
                instances);
    }

    private static int parseBrokers(String text) {
        int brokers = parseInt("--brokers", text);
        if (!BROKER_COUNTS.contains(brokers)) {
            throw new UsageException(
                    "--brokers must be 1 or 3 (a KRaft quorum of one or of three controllers), was " + text);
        }
        return brokers;
    }

    private static String value(String name, String inlineValue, List<String> queue) {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (queue.isEmpty() || queue.get(0).startsWith("--")) {
            String hint = name.equals("--services") ? " (use --services \"\" to start no service)" : "";
            throw new UsageException("Option " + name + " needs a value" + hint);
        }
        return queue.remove(0);
    }

    static Set<AppService> parseServices(String list) {
        Set<AppService> services = EnumSet.noneOf(AppService.class);
        for (String part : list.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("all")) {
                services.addAll(EnumSet.allOf(AppService.class));
                continue;
            }
            services.add(AppService.byName(name)
                    .orElseThrow(() -> new UsageException("Unknown service '" + name + "' in --services; known: "
                            + AppService.names() + " (or all, or \"\" for none)")));
        }
        return services;
    }

    private static int parsePortsOffset(String text) {
        int offset = parseInt("--ports-offset", text);
        int max = 65_535 - Ports.highestBasePort();
        if (offset < 0 || offset > max) {
            throw new UsageException("--ports-offset must be between 0 and " + max + ", was " + text);
        }
        return offset;
    }

    private static Path parseDataDir(String text) {
        if (text.isBlank()) {
            throw new UsageException("--data-dir needs a folder");
        }
        return Path.of(text).toAbsolutePath().normalize();
    }

    private static Duration parseTimeout(String text) {
        int seconds = parseInt("--timeout", text);
        if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
            throw new UsageException(
                    "--timeout must be between 1 and " + MAX_TIMEOUT_SECONDS + " seconds, was " + text);
        }
        return Duration.ofSeconds(seconds);
    }

    private static int parseMaxRestarts(String text) {
        int restarts = parseInt("--max-restarts", text);
        if (restarts < 0 || restarts > RestartPolicy.MAX_MAX_RESTARTS) {
            throw new UsageException(
                    "--max-restarts must be between 0 and " + RestartPolicy.MAX_MAX_RESTARTS + ", was " + text);
        }
        return restarts;
    }

    private static Duration parseRestartWindow(String text) {
        int seconds = parseInt("--restart-window", text);
        if (seconds < 1 || seconds > RestartPolicy.MAX_WINDOW_SECONDS) {
            throw new UsageException("--restart-window must be between 1 and " + RestartPolicy.MAX_WINDOW_SECONDS
                    + " seconds, was " + text);
        }
        return Duration.ofSeconds(seconds);
    }

    private static int parseInt(String option, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, was '" + text + "'");
        }
    }

    static String usage() {
        return """
                Usage: ./run [--no-build] [options]

                Builds the platform (unless --no-build) and starts it on this machine: a Kafka broker (KRaft),
                PostgreSQL 17 (the services' shared read store), the schema registry, handover-api,
                handover-processor and notification-service, and a dev inbox that receives the notification
                service's emails and webhooks. A process that dies once all is ready is restarted; Ctrl-C, or a
                process that keeps dying, stops everything.

                Options:
                  --services LIST      services to start besides broker, PostgreSQL and registry, comma-separated:
                                       api, processor, notification (default: all; "" for none)
                  --ports-offset N     add N to every port (run beside another stack), default 0
                  --data-dir PATH      data folder (Kafka data, PostgreSQL cluster and passwords, service state,
                                       logs), default <repo>/.data
                  --timeout SECONDS    give up if start-up takes longer, default 180
                  --demo               once ready, run the traffic simulator: 4 weeks of history, then live cases
                  --max-restarts N     a process that dies once the platform is ready (broker, PostgreSQL,
                                       registry or a service) is restarted, after 1 s, 2 s, 4 s ... up to
                                       30 s; at most N times within --restart-window, and one more death
                                       there stops everything (default 5; 0 stops everything at the first
                                       death)
                  --restart-window SECONDS
                                       how far back --max-restarts counts deaths, default 600
                  --secure             Kafka with SASL_SSL only: SCRAM-SHA-512 users per service (created when
                                       the storage is formatted), TLS with a CA made for the data folder, ACLs
                                       per service principal; the registry takes writes with a password only.
                                       Secrets in <data>/kafka/secure and <data>/schema-registry. A data folder
                                       first started without --secure cannot be used with it (no SCRAM users)
                  --lan                handover-api listens on every interface so that a phone on this
                                       network can try the officer form (everything else stays on
                                       127.0.0.1); anyone on the network reaches it. /dev/tokens still
                                       answers this machine only: mint a token here and paste it on the phone
                  --brokers N          Kafka nodes, 1 (default) or 3: three brokers that are also the KRaft
                                       controller quorum, every topic with replication factor 3 and
                                       min.insync.replicas 2 (production's shape; a broker may die and
                                       nothing stops). A data folder keeps the count it was first started
                                       with
                  --inbox-capacity N   emails and webhooks the dev inbox keeps, the newest of each, default 500
                  --instances N        N processes (1 to 3, default 1) of handover-api and of
                                       handover-processor, as production scales them: the API's
                                       instances listen on 8180, 8280, 8380 behind the launcher's front
                                       on 8080, which deals connections out to those that are ready;
                                       the processors on 8182, 8282, 8382 share the Kafka Streams tasks.
                                       Each is restarted on its own when it dies. Not with --lan
                  --no-build           (./run only) skip ./mvnw -q -DskipTests install
                  -h, --help           print this help

                Every process listens on 127.0.0.1 only (handover-api on every interface with --lan).

                Ports (plus the offset): Kafka 9092 (controller 9093; with --brokers 3 also 9094/9095 and
                9096/9097), PostgreSQL 5432, schema registry 8081,
                handover-api 8080, handover-processor 8082, notification-service 8083, dev inbox 8025 (HTTP),
                8026 (its webhook sink) and 2525 (SMTP).

                PostgreSQL: database handover; the services log in as handover (SPRING_DATASOURCE_URL, _USERNAME,
                _PASSWORD are set for them), analysts as handover_analyst (read-only). The passwords are
                generated at the first start into <data>/postgres/*.password; the ready banner shows the
                analysts' connection.
                Reset everything: stop the stack and delete the data folder.
                """;
    }

    /** A mistake on the command line: the launcher prints the message and the usage, and exits with status 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
