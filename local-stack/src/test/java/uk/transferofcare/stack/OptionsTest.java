package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionsTest {

    @Test
    void noArgumentsStartEverythingOnTheStandardPorts() {
        assertThat(Options.parse())
                .isEqualTo(new Options(
                        EnumSet.allOf(AppService.class),
                        0,
                        Optional.empty(),
                        Duration.ofSeconds(180),
                        false,
                        new RestartPolicy(5, Duration.ofSeconds(600)),
                        false));
    }

    @Test
    void everyOptionIsParsed() {
        Options options = Options.parse(
                "--services",
                "api,notification",
                "--ports-offset",
                "100",
                "--data-dir",
                "/tmp/stack-data",
                "--timeout",
                "60",
                "--demo",
                "--max-restarts",
                "2",
                "--restart-window",
                "30");

        assertThat(options)
                .isEqualTo(new Options(
                        Set.of(AppService.API, AppService.NOTIFICATION),
                        100,
                        Optional.of(Path.of("/tmp/stack-data")),
                        Duration.ofSeconds(60),
                        true,
                        new RestartPolicy(2, Duration.ofSeconds(30)),
                        false));
    }

    @Test
    void optionsAlsoTakeTheirValueAfterAnEqualsSign() {
        Options options = Options.parse(
                "--services=processor", "--ports-offset=5", "--timeout=9", "--max-restarts=0", "--restart-window=60");

        assertThat(options.services()).containsExactly(AppService.PROCESSOR);
        assertThat(options.portsOffset()).isEqualTo(5);
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(options.restart()).isEqualTo(new RestartPolicy(0, Duration.ofSeconds(60)));
    }

    @Test
    void anEmptyServiceListStartsOnlyBrokerAndRegistry() {
        assertThat(Options.parse("--services", "").services()).isEmpty();
        assertThat(Options.parse("--services=").services()).isEmpty();
        assertThat(Options.parse("--services", " , ").services()).isEmpty();
    }

    @Test
    void servicesAreKnownByShortAndModuleNames() {
        assertThat(Options.parse("--services", "handover-api, processor,notification-service")
                        .services())
                .containsExactlyInAnyOrder(AppService.API, AppService.PROCESSOR, AppService.NOTIFICATION);
        assertThat(Options.parse("--services", "all").services()).isEqualTo(EnumSet.allOf(AppService.class));
    }

    @Test
    void aRelativeDataDirIsResolvedAgainstTheWorkingDirectory() {
        assertThat(Options.parse("--data-dir", "some/where").dataDir())
                .contains(Path.of("some/where").toAbsolutePath().normalize());
    }

    @Test
    void helpAndTheRunScriptsOwnFlagAreAccepted() {
        assertThat(Options.parse("--help").help()).isTrue();
        assertThat(Options.parse("-h").help()).isTrue();
        assertThat(Options.parse("--no-build")).isEqualTo(Options.defaults());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--bogus|Unknown option: --bogus",
                "stray|Unexpected argument: stray",
                "--timeout|Option --timeout needs a value",
                "--timeout --demo|Option --timeout needs a value",
                "--services|Option --services needs a value (use --services \"\" to start no service)",
                "--ports-offset abc|--ports-offset needs a whole number, was 'abc'",
                "--ports-offset -1|--ports-offset must be between 0 and 47153, was -1",
                "--ports-offset 47154|--ports-offset must be between 0 and 47153, was 47154",
                "--timeout 0|--timeout must be between 1 and 3600 seconds, was 0",
                "--timeout 1.5|--timeout needs a whole number, was '1.5'",
                "--data-dir=|--data-dir needs a folder",
                "--max-restarts|Option --max-restarts needs a value",
                "--max-restarts many|--max-restarts needs a whole number, was 'many'",
                "--max-restarts -1|--max-restarts must be between 0 and 100, was -1",
                "--max-restarts 101|--max-restarts must be between 0 and 100, was 101",
                "--restart-window 0|--restart-window must be between 1 and 86400 seconds, was 0",
                "--restart-window 86401|--restart-window must be between 1 and 86400 seconds, was 86401",
                "--restart-window 10m|--restart-window needs a whole number, was '10m'",
                "--brokers 2|--brokers must be 1 or 3 (a KRaft quorum of one or of three controllers), was 2",
                "--brokers 0|--brokers must be 1 or 3 (a KRaft quorum of one or of three controllers), was 0",
                "--brokers three|--brokers needs a whole number, was 'three'",
                "--brokers|Option --brokers needs a value",
                "--instances 0|--instances must be between 1 and 3, was 0",
                "--instances 4|--instances must be between 1 and 3, was 4",
                "--instances two|--instances needs a whole number, was 'two'",
                "--instances 2 --lan|--lan takes one instance (--instances 1): behind the launcher's front every"
                        + " request would come from 127.0.0.1, and /dev/tokens, which answers this machine only, would"
                        + " answer the whole network",
                "--services api,gateway|Unknown service 'gateway' in --services; known: api, processor, notification"
                        + " (or all, or \"\" for none)",
            })
    void badOptionsAreExplained(String commandLine, String message) {
        assertThatThrownBy(() -> Options.parse(commandLine.split(" ")))
                .isInstanceOf(Options.UsageException.class)
                .hasMessage(message);
    }

    @Test
    void theLauncherExitsWithTwoAndTheMessageOnABadOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = LocalStack.run(
                new String[] {"--ports-offset", "x"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("local-stack: --ports-offset needs a whole number, was 'x'%n"
                        .formatted()
                        .concat("Run ./run --help for the options.%n".formatted()));
    }

    @Test
    void helpPrintsTheUsageAndExitsWithZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status =
                LocalStack.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(Options.usage())
                .contains(
                        "--services LIST",
                        "--ports-offset N",
                        "--data-dir PATH",
                        "--timeout SECONDS",
                        "--demo",
                        "--max-restarts N",
                        "--restart-window SECONDS",
                        "PostgreSQL 5432",
                        "SPRING_DATASOURCE_URL",
                        "handover_analyst (read-only)");
    }

    @Test
    void withoutLanEverythingStaysOnLoopback() {
        assertThat(Options.parse("--demo").lan()).isFalse();
        assertThat(Options.defaults().lan()).isFalse();
    }

    @Test
    void instancesCountsTheApiAndProcessorProcessesAndDefaultsToOne() {
        assertThat(Options.parse().instances()).isEqualTo(1);
        assertThat(Options.parse("--instances", "2", "--brokers=3").instances()).isEqualTo(2);
        assertThat(Options.parse("--instances=3").instances()).isEqualTo(3);
    }

    @Test
    void lanIsAFlagThatMixesWithTheOtherOptions() {
        Options options = Options.parse("--services", "api", "--lan", "--ports-offset=10");

        assertThat(options)
                .isEqualTo(new Options(
                        Set.of(AppService.API),
                        10,
                        Optional.empty(),
                        Duration.ofSeconds(180),
                        false,
                        new RestartPolicy(5, Duration.ofSeconds(600)),
                        false,
                        false,
                        true,
                        1,
                        500));
    }

    @Test
    void theInboxCapacityIsAWholeNumberWithinItsBounds() {
        assertThat(Options.parse().inboxCapacity()).isEqualTo(DevInbox.DEFAULT_CAPACITY);
        assertThat(Options.parse("--inbox-capacity", "50000").inboxCapacity()).isEqualTo(50_000);
        assertThatThrownBy(() -> Options.parse("--inbox-capacity", "0"))
                .isInstanceOf(Options.UsageException.class)
                .hasMessage("--inbox-capacity must be between 1 and 1000000, was 0");
        assertThatThrownBy(() -> Options.parse("--inbox-capacity", "lots"))
                .isInstanceOf(Options.UsageException.class)
                .hasMessage("--inbox-capacity needs a whole number, was 'lots'");
    }

    @Test
    void brokersIsOneByDefaultAndThreeOnRequest() {
        assertThat(Options.defaults().brokers()).isEqualTo(1);
        assertThat(Options.parse("--services", "").brokers()).isEqualTo(1);
        assertThat(Options.parse("--brokers", "3").brokers()).isEqualTo(3);
        assertThat(Options.parse("--brokers=3", "--secure").brokers()).isEqualTo(3);
        assertThat(Options.usage()).contains("--brokers N").contains("min.insync.replicas 2");
    }

    @Test
    void lanTakesNoValue() {
        assertThatThrownBy(() -> Options.parse("--lan=yes"))
                .isInstanceOf(Options.UsageException.class)
                .hasMessage("Option --lan takes no value, was --lan=yes");
        assertThatThrownBy(() -> Options.parse("--lan", "yes"))
                .isInstanceOf(Options.UsageException.class)
                .hasMessage("Unexpected argument: yes");
    }

    @Test
    void theUsageExplainsLan() {
        assertThat(Options.usage())
                .contains("--lan")
                .contains("/dev/tokens still")
                .contains("127.0.0.1");
    }
}
