package uk.transferofcare.simulator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The command line. Three ways to run:
 *
 * <ul>
 *   <li><b>historic</b> ({@code --from DATE --days N}): the Europe/London days from DATE, sent as fast as allowed
 *       with their real occurredAt (what a backfill of past days looks like); events that would lie in the future
 *       are played live, sped up by {@code --speed};
 *   <li><b>live</b> (default, or {@code --live}): new cases arrive from now on, at {@code --cases-per-day} on a
 *       simulated clock {@code --speed} times faster than real time;
 *   <li><b>backfill then live</b> ({@code --backfill-days N --live}): the N days before now first, then live.
 * </ul>
 */
record Options(
        URI baseUrl,
        LocalDate from,
        int days,
        int backfillDays,
        long cases,
        long backfillCases,
        double casesPerDay,
        boolean live,
        double speed,
        Duration duration,
        double rate,
        int concurrency,
        long seed,
        Path truth,
        int officersPerDivision,
        int staffPerSite,
        boolean verify,
        Duration verifyTimeout,
        boolean quiet,
        boolean help) {

    static final String USAGE = """
            Usage: java -jar simulator/target/simulator-0.1.0-SNAPSHOT.jar [options]

            Generates realistic handover traffic through handover-api's public HTTP API (profile local: it takes
            demo tokens from POST /dev/tokens) and writes its ground truth to a JSON-lines file.

              --base-url URL           handover-api (default http://localhost:8080)
              --seed N                 random seed; the same seed and options give the same cases (default: random)

            Historic (a past period, sent as a backfill with the real occurredAt):
              --from YYYY-MM-DD        first Europe/London day of the period
              --days N                 number of days (default 7)
              --cases N                exactly N cases in the period (default: --cases-per-day x days)

            Live (new cases from now on; the default when --from and --backfill-days are absent):
              --live                   also after a historic period or backfill, keep generating cases
              --backfill-days N        first the N days before now (with --backfill-cases M cases)
              --backfill-cases M       cases in the backfill (default: --cases-per-day x N)
              --cases N                stop after N live cases
              --duration D             stop after D of wall-clock time (e.g. 90s, 10m, 2h)

            Both:
              --cases-per-day X        arrivals a day on the simulated clock (default 60)
              --speed F                after now, simulated time runs F times faster than real time (default 1);
                                       durations after now are compressed by F
              --rate R                 at most R submissions a second (default 200; 0 = no limit)
              --concurrency N          requests in flight (default 8)
              --officers-per-division N, --staff-per-site N
                                       simulated users per organisation (default 4 and 3); each has the API's
                                       per-user rate limit, so more users allow a higher --rate
              --truth FILE             the ground-truth file (default simulator-truth.jsonl)
              --verify                 afterwards, wait until GET /api/v1/handovers/{id} shows every case as expected
              --verify-timeout D       how long --verify waits (default 5m)
              --quiet                  no progress bar
              -h, --help               this text

            Exit status: 0 done; 1 the platform answered something unexpected or --verify found a difference;
            2 bad options; 3 the API could not be reached or refused the demo tokens.

            Usage: java -jar simulator/target/simulator-0.1.0-SNAPSHOT.jar compare-reports --truth FILE[,FILE...]
                       --from YYYY-MM-DD --to YYYY-MM-DD [--base-url URL] [--wait 60s]

            Compares the platform's handover-times reports over [from, to) (by site, division, day, week, month,
            legal basis, board and site type, with and without filters) with those computed from the truth files
            alone. Exit status: 0 every report equal; 1 a report differs; 2 bad options; 3 the API or a file could
            not be read.
            """;

    static final class BadOptionException extends RuntimeException {
        BadOptionException(String message) {
            super(message);
        }
    }

    static Options parse(String... args) {
        URI baseUrl = URI.create("http://localhost:8080");
        LocalDate from = null;
        Integer days = null;
        int backfillDays = 0;
        long cases = 0;
        Long backfillCases = null;
        double casesPerDay = 60;
        boolean live = false;
        double speed = 1;
        Duration duration = null;
        double rate = 200;
        int concurrency = 8;
        Long seed = null;
        Path truth = Path.of("simulator-truth.jsonl");
        int officers = 4;
        int staff = 3;
        boolean verify = false;
        Duration verifyTimeout = Duration.ofMinutes(5);
        boolean quiet = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "-h", "--help" -> help = true;
                case "--live" -> live = true;
                case "--verify" -> verify = true;
                case "--quiet" -> quiet = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new BadOptionException(
                                option.startsWith("--")
                                        ? option + " needs a value"
                                        : "unknown argument '" + option + "' (see --help)");
                    }
                    String value = args[++i];
                    switch (option) {
                        case "--base-url" -> baseUrl = url(value);
                        case "--from" -> from = date(option, value);
                        case "--days" -> days = (int) whole(option, value, 1, 3660);
                        case "--backfill-days" -> backfillDays = (int) whole(option, value, 1, 3660);
                        case "--cases" -> cases = whole(option, value, 1, 100_000_000);
                        case "--backfill-cases" -> backfillCases = whole(option, value, 0, 100_000_000);
                        case "--cases-per-day" -> casesPerDay = positive(option, value, 100_000);
                        case "--speed" -> speed = positive(option, value, 100_000);
                        case "--duration" -> duration = duration(option, value);
                        case "--rate" -> rate = number(option, value, 0, 1_000_000);
                        case "--concurrency" -> concurrency = (int) whole(option, value, 1, 512);
                        case "--seed" -> seed = whole(option, value, Long.MIN_VALUE, Long.MAX_VALUE);
                        case "--truth" -> truth = Path.of(value);
                        case "--officers-per-division" -> officers = (int) whole(option, value, 1, 1000);
                        case "--staff-per-site" -> staff = (int) whole(option, value, 1, 1000);
                        case "--verify-timeout" -> verifyTimeout = duration(option, value);
                        default -> throw new BadOptionException("unknown option '" + option + "' (see --help)");
                    }
                }
            }
        }
        if (from != null && backfillDays > 0) {
            throw new BadOptionException(
                    "--from and --backfill-days are two ways to say which past days to send; use one");
        }
        if (days != null && from == null) {
            throw new BadOptionException("--days needs --from (the first day)");
        }
        if (backfillCases != null && backfillDays == 0) {
            throw new BadOptionException("--backfill-cases needs --backfill-days");
        }
        if (from == null && backfillDays == 0) {
            live = true;
        }
        if (!live && duration != null) {
            throw new BadOptionException("--duration applies to live runs (add --live)");
        }
        return new Options(
                baseUrl,
                from,
                days == null ? 7 : days,
                backfillDays,
                cases,
                backfillCases == null ? Math.round(casesPerDay * backfillDays) : backfillCases,
                casesPerDay,
                live,
                speed,
                duration,
                rate,
                concurrency,
                seed == null ? ThreadLocalRandom.current().nextLong(1, 1_000_000) : seed,
                truth,
                officers,
                staff,
                verify,
                verifyTimeout,
                quiet,
                help);
    }

    private static URI url(String value) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new BadOptionException(
                    "--base-url must be an http(s) URL such as http://localhost:8080, not '" + value + "'");
        }
    }

    private static LocalDate date(String option, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadOptionException(option + " must be a date YYYY-MM-DD, not '" + value + "'");
        }
    }

    private static long whole(String option, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new BadOptionException(option + " must be between " + min + " and " + max + ", not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadOptionException(option + " must be a whole number, not '" + value + "'");
        }
    }

    private static double number(String option, String value, double min, double max) {
        try {
            double n = Double.parseDouble(value);
            if (!(n >= min && n <= max)) {
                throw new BadOptionException(option + " must be between " + min + " and " + max + ", not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadOptionException(option + " must be a number, not '" + value + "'");
        }
    }

    private static double positive(String option, String value, double max) {
        double n = number(option, value, 0, max);
        if (n == 0) {
            throw new BadOptionException(option + " must be greater than 0");
        }
        return n;
    }

    /** 90s, 10m, 2h, or an ISO-8601 duration (PT90S). */
    static Duration duration(String option, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            Duration d = switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new BadOptionException(option + " must be a duration such as 90s, 10m or 2h, not '" + value + "'");
        }
    }
}
