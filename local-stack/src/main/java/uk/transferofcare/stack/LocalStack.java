package uk.transferofcare.stack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * {@code ./run}: starts the whole platform on this machine with embedded defaults and stops it on Ctrl-C. See {@link
 * Options#usage()} and {@code local-stack/README.md}.
 */
public final class LocalStack {

    /** Exit status for a bad command line. */
    static final int USAGE_ERROR = 2;

    /** Exit status when the stack could not start or a process kept dying. */
    static final int FAILURE = 1;

    private LocalStack() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            err.println("local-stack: " + e.getMessage());
            err.println("Run ./run --help for the options.");
            return USAGE_ERROR;
        }
        if (options.help()) {
            out.print(Options.usage());
            return 0;
        }
        Layout layout;
        try {
            layout = Layout.resolve(options.dataDir());
        } catch (IllegalStateException e) {
            err.println("local-stack: " + e.getMessage());
            return FAILURE;
        }
        List<String> missing = new ArrayList<>(layout.missingArtifacts(options.services()));
        if (options.demo()) {
            if (!options.services().contains(AppService.API)) {
                err.println("local-stack: --demo sends its traffic through handover-api: include api in --services.");
                return USAGE_ERROR;
            }
            if (!Files.isRegularFile(Demo.jar(layout))) {
                missing.add("the simulator " + layout.repoRoot().relativize(Demo.jar(layout)));
            }
        }
        if (!missing.isEmpty()) {
            err.println("local-stack: not built yet: " + String.join("; ", missing) + ".");
            err.println("Build with ./mvnw -DskipTests install (./run does that unless --no-build).");
            return FAILURE;
        }
        Ports ports = new Ports(options.portsOffset(), options.brokers(), options.instances());
        List<Ports.Use> taken = PortCheck.taken(ports.needed(options.services()));
        if (!taken.isEmpty()) {
            err.println("local-stack: " + PortCheck.message(taken, layout.pidsDir(), options.portsOffset()));
            return FAILURE;
        }

        out.printf(
                "Starting the local stack (services: %s%s; data: %s; timeout %d s; %s)%n",
                options.services().isEmpty()
                        ? "none"
                        : String.join(
                                ", ",
                                options.services().stream()
                                        .sorted()
                                        .map(AppService::module)
                                        .toList()),
                options.instances() > 1
                        ? ", " + options.instances() + " instances of handover-api and of handover-processor"
                        : "",
                layout.dataDir(),
                options.timeout().toSeconds(),
                options.restart().describe());
        Platform platform = new Platform(options, layout, out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> platform.stop("Ctrl-C"), "local-stack-shutdown"));
        try {
            platform.start();
        } catch (Platform.StartupException e) {
            if (e.cancelled()) {
                return FAILURE;
            }
            out.println();
            out.println("local-stack: " + e.getMessage());
            e.culprits().forEach(platform::printTail);
            platform.stop("start-up failed");
            return FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            platform.stop("interrupted");
            return FAILURE;
        }
        platform.printReady();
        if (options.demo()) {
            platform.startDemo();
        }

        try {
            Supervisor.GaveUp gaveUp = platform.supervise().get();
            out.println();
            out.println("local-stack: " + gaveUp.message());
            platform.printTail(gaveUp.process());
            platform.stop(gaveUp.reason());
            return FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            platform.stop("interrupted");
            return FAILURE;
        } catch (ExecutionException e) {
            platform.stop("internal error: " + e.getCause());
            return FAILURE;
        }
    }
}
