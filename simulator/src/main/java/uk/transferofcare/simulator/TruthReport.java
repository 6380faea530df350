package uk.transferofcare.simulator;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The handover-times report as it must be, computed from the simulator's ground-truth file alone, with the
 * definitions of issue 6 written out again here (independently of the platform's report code): the report day is
 * the Europe/London day of arrival (of the earliest point when never arrived); entered-in-error cases count nowhere;
 * open cases only in {@code cases} and {@code open}; S = {count, median, p90, mean, max} over known intervals, with
 * nearest-rank percentiles and the mean rounded half up; hours to 2 decimals. Issue 13: over 4/8/12 hours at the
 * site; escalation levels from the processor's default thresholds (30, 60, 120 minutes after arrival, reached unless
 * the case was handed over or ended at or before the mark: a lower bound of what the processor fires for a timeline
 * submitted after the fact, see GroundTruthIT); a legal clock breached when police involvement ended
 * (clearance or outcome, the earlier) after its deadline (S297: removal + 24 h, S136: arrival + 24 h, 36 h once extended). Repeat
 * attendance (docs/analysts.md): a case that arrived, with a person key, not entered in error, is a repeat within 30
 * (90) days when another such case of the same key arrived at most 30 (90) × 24 h before it (at the same instant: the
 * smaller case id is the earlier), the case a diversion opened and the case it came from never counting for each
 * other; counted over closed cases. Issue 13's outcomes: closed cases by their standing disposition (the truth
 * file's, from the simulator's own judge), and closed cases that ended REFERRED_AT_SCENE (ED visits avoided), also by
 * pathway. Issue 14: closed cases a supervisor closed as not recorded (outcome NOT_RECORDED) in {@code
 * closedNotRecorded}, in no outcome and in no time figure (no interval, officer-seconds or legal-clock breach).
 */
final class TruthReport {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final List<String> OUTCOMES =
            List.of("CLEARED", "CANCELLED", "DIVERTED", "ABSCONDED", "ENDED_WITHOUT_HANDOVER");

    /** One case as the truth file describes it, with its intervals in whole seconds (floor). */
    record TruthCase(
            String caseId,
            String site,
            String division,
            String board,
            String siteType,
            String legalBasis,
            boolean open,
            String outcome,
            boolean complete,
            LocalDate day,
            Long ack,
            Long handover,
            Long handoverToClear,
            Long timeAtEd,
            Long officerSeconds,
            int escalationLevel,
            boolean legalClockBreached,
            boolean repeatWithin30d,
            boolean repeatWithin90d,
            String disposition,
            String referralPathway,
            Long arrivalToAssessment,
            List<String> delayReasons) {}

    /** A case that counts for repeat attendance: it arrived, carries a person key and is not void. */
    private record Attendance(String caseId, String personKey, Instant arrivedAt, String linkedFrom) {}

    /** Issue 13: the disposition codes and referral pathways every report lists, in this order. */
    static final List<String> DISPOSITIONS = List.of(
            "ADMITTED_INFORMAL",
            "ADMITTED_DETAINED",
            "DISCHARGED",
            "REFERRED_COMMUNITY_MENTAL_HEALTH",
            "REFERRED_DBI",
            "OTHER");

    static final List<String> PATHWAYS = List.of("NHS24_MENTAL_HEALTH_HUB", "DBI", "OTHER");

    /** The processor's default escalation thresholds after arrival (handover.policy.escalation-minutes). */
    private static final int[] ESCALATION_MINUTES = {30, 60, 120};

    /** The default legal clocks: S297 24 h from removal, S136 24 h from arrival. */
    private static final Duration LEGAL_CLOCK = Duration.ofHours(24);

    /** The s136 extension LEGAL_CLOCK_EXTENDED records: 12 hours more. */
    private static final Duration S136_EXTENSION = Duration.ofHours(12);

    private TruthReport() {}

    /** The cases of one or more truth files, entered-in-error ones and never-opened ones left out. */
    static List<TruthCase> read(List<Path> files) throws IOException {
        List<TruthCase> cases = new ArrayList<>();
        List<JsonNode> lines = new ArrayList<>();
        for (Path file : files) {
            for (String text : Files.readAllLines(file)) {
                lines.add(ApiClient.JSON.readTree(text));
            }
        }
        Map<String, JsonNode> siteReference = new java.util.HashMap<>();
        for (JsonNode line : lines) {
            if (line.path("kind").asString().equals("run")) {
                line.path("siteReference").properties().forEach(e -> siteReference.put(e.getKey(), e.getValue()));
            }
        }
        Map<String, List<Attendance>> attendances = new java.util.HashMap<>();
        for (JsonNode line : lines) {
            Instant arrivedAt = instant(line.path("points").path("arrivedAt"));
            String key = line.path("personKey").asString(null);
            if (line.path("kind").asString().equals("case")
                    && line.path("opened").asBoolean()
                    && !line.path("void").asBoolean()
                    && arrivedAt != null
                    && key != null) {
                attendances
                        .computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new Attendance(
                                line.path("caseId").asString(),
                                key,
                                arrivedAt,
                                line.path("linkedFrom").asString(null)));
            }
        }
        {
            for (JsonNode line : lines) {
                if (!line.path("kind").asString().equals("case")
                        || !line.path("opened").asBoolean()
                        || line.path("void").asBoolean()) {
                    continue;
                }
                if (line.path("unfinished").asBoolean()) {
                    throw new IllegalStateException("the run left case " + line.path("caseId") + " unfinished");
                }
                JsonNode p = line.path("points");
                // Issue 14: a case a supervisor closed as not recorded is in no time figure (no interval, no
                // officer-seconds, no legal-clock breach); its escalations, repeat flags, disposition and delay
                // reasons still count.
                boolean notRecorded = !line.path("open").asBoolean()
                        && ExpectedCase.NOT_RECORDED.equals(line.path("outcome").asString(null));
                Instant arrived = instant(p.path("arrivedAt"));
                Instant acknowledged = instant(p.path("acknowledgedAt"));
                Instant handedOver = instant(p.path("handedOverAt"));
                Instant cleared = instant(p.path("clearedAt"));
                Instant first = earliest(p);
                Long atEd = notRecorded ? null : seconds(arrived, cleared);
                Instant removed = instant(p.path("removedAt"));
                Instant ended = earlier(cleared, instant(p.path("outcomeAt")));
                // Issue 13: the highest escalation mark passed while the case was not handed over or ended, and
                // whether police involvement ended after the legal clock's deadline.
                Instant stop = earlier(handedOver, ended);
                int level = 0;
                for (int i = 0; arrived != null && i < ESCALATION_MINUTES.length; i++) {
                    Instant due = arrived.plus(Duration.ofMinutes(ESCALATION_MINUTES[i]));
                    if (stop == null || stop.isAfter(due)) {
                        level = i + 1;
                    }
                }
                String basis = line.path("legalBasis").asString(null);
                Instant clockStart = "S297".equals(basis) ? removed : "S136".equals(basis) ? arrived : null;
                // Issue 13: a recorded s136 extension moves the deadline by 12 hours, only while the standing basis is
                // S136 (an extension recorded before the basis was corrected to another stays, but moves nothing).
                boolean extended = "S136".equals(basis)
                        && !line.path("legalClockExtendedAt").isMissingNode()
                        && !line.path("legalClockExtendedAt").isNull();
                Duration clock = extended ? LEGAL_CLOCK.plus(S136_EXTENSION) : LEGAL_CLOCK;
                boolean breached =
                        !notRecorded && clockStart != null && ended != null && ended.isAfter(clockStart.plus(clock));
                Integer officers = line.path("officerCount").isNull()
                        ? null
                        : line.path("officerCount").asInt();
                JsonNode ref = siteReference.get(line.path("siteCode").asString());
                cases.add(new TruthCase(
                        line.path("caseId").asString(),
                        line.path("siteCode").asString(),
                        line.path("division").isNull()
                                ? null
                                : line.path("division").asString(),
                        ref == null ? null : ref.path("board").asString(null),
                        ref == null ? null : ref.path("type").asString(null),
                        basis,
                        line.path("open").asBoolean(),
                        line.path("open").asBoolean()
                                ? null
                                : line.path("outcome").asString(),
                        line.path("complete").asBoolean(),
                        LocalDate.ofInstant(arrived != null ? arrived : first, LONDON),
                        notRecorded ? null : seconds(arrived, acknowledged),
                        notRecorded ? null : seconds(arrived, handedOver),
                        notRecorded ? null : seconds(handedOver, cleared),
                        atEd,
                        // Issue 13: officer-seconds integrate the count as it changed (the simulator's own record).
                        notRecorded || line.path("officerSeconds").isNull()
                                ? null
                                : line.path("officerSeconds").asLong(),
                        level,
                        breached,
                        repeat(line, attendances, Duration.ofDays(30)),
                        repeat(line, attendances, Duration.ofDays(90)),
                        line.path("disposition").asString(null),
                        line.path("referralPathway").asString(null),
                        notRecorded ? null : seconds(arrived, instant(p.path("assessmentStartedAt"))),
                        line.path("delayReasons")
                                .valueStream()
                                .map(JsonNode::asString)
                                .toList()));
                if (line.path("officerCountChanges").asInt() == 0
                        && !Objects.equals(
                                cases.get(cases.size() - 1).officerSeconds(),
                                atEd == null || officers == null ? null : atEd * officers)) {
                    throw new IllegalStateException("officer-seconds of a case whose count never changed must be the"
                            + " count times the time at the site: " + line);
                }
            }
        }
        return cases;
    }

    /** Whether the case of {@code line} is a repeat attendance within {@code window}. */
    private static boolean repeat(JsonNode line, Map<String, List<Attendance>> attendances, Duration window) {
        String caseId = line.path("caseId").asString();
        String key = line.path("personKey").asString(null);
        Instant arrived = instant(line.path("points").path("arrivedAt"));
        if (key == null || arrived == null) {
            return false;
        }
        String linkedFrom = line.path("linkedFrom").asString(null);
        for (Attendance other : attendances.getOrDefault(key, List.of())) {
            boolean related = other.caseId().equals(caseId)
                    || other.caseId().equals(linkedFrom)
                    || caseId.equals(other.linkedFrom());
            boolean before = other.arrivedAt().isBefore(arrived)
                    || (other.arrivedAt().equals(arrived) && other.caseId().compareTo(caseId) < 0);
            if (!related && before && !other.arrivedAt().isBefore(arrived.minus(window))) {
                return true;
            }
        }
        return false;
    }

    private static Instant earliest(JsonNode points) {
        Instant min = null;
        for (String name : List.of(
                "removedAt",
                "preAlertedAt",
                "arrivedAt",
                "acknowledgedAt",
                "handoverStartedAt",
                "handedOverAt",
                "clearedAt",
                "outcomeAt")) {
            Instant at = instant(points.path(name));
            if (at != null && (min == null || at.isBefore(min))) {
                min = at;
            }
        }
        return min;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant instant(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : Instant.parse(node.asString());
    }

    private static Long seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).getSeconds();
    }

    /** The report JSON (as maps and lists) for the query. */
    static Map<String, Object> report(
            List<TruthCase> all, LocalDate from, LocalDate to, String groupBy, String site, String division) {
        Map<String, List<TruthCase>> groups = new TreeMap<>();
        boolean time = List.of("day", "week", "month").contains(groupBy);
        if (time) {
            groups = new LinkedHashMap<>();
            for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
                groups.computeIfAbsent(key(groupBy, d, null), k -> new ArrayList<>());
            }
        }
        for (TruthCase c : all) {
            if (c.day().isBefore(from)
                    || !c.day().isBefore(to)
                    || (site != null && !site.equals(c.site()))
                    || (division != null && !division.equals(c.division()))) {
                continue;
            }
            groups.computeIfAbsent(key(groupBy, c.day(), c), k -> new ArrayList<>())
                    .add(c);
        }
        List<Map<String, Object>> list = new ArrayList<>();
        groups.forEach((key, cases) -> list.add(group(key, cases)));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("from", from.toString());
        report.put("to", to.toString());
        report.put("groupBy", groupBy);
        report.put("siteCode", site);
        report.put("division", division);
        report.put("groups", list);
        return report;
    }

    private static String key(String groupBy, LocalDate day, TruthCase c) {
        return switch (groupBy) {
            case "site" -> c.site();
            case "division" -> c.division() == null ? "UNKNOWN" : c.division();
            // Issue 13: by the site's NHS board and type (the run's reference data) and by the case's legal basis, each
            // as it stands after corrections; UNKNOWN when not known.
            case "board" -> c.board() == null ? "UNKNOWN" : c.board();
            case "siteType" -> c.siteType() == null ? "UNKNOWN" : c.siteType();
            case "legalBasis" -> c.legalBasis() == null ? "UNKNOWN" : c.legalBasis();
            case "day" -> day.toString();
            case "week" ->
                String.format(
                        Locale.ROOT,
                        "%d-W%02d",
                        day.get(IsoFields.WEEK_BASED_YEAR),
                        day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "month" -> day.toString().substring(0, 7);
            default -> throw new IllegalArgumentException(groupBy);
        };
    }

    private static Map<String, Object> group(String key, List<TruthCase> cases) {
        List<TruthCase> closed = cases.stream().filter(c -> !c.open()).toList();
        Map<String, Object> outcomes = new LinkedHashMap<>();
        for (String outcome : OUTCOMES) {
            outcomes.put(
                    outcome,
                    closed.stream().filter(c -> outcome.equals(c.outcome())).count());
        }
        List<Long> handovers = known(closed, TruthCase::handover);
        Map<String, Object> within = new LinkedHashMap<>();
        for (int m : new int[] {15, 30, 45, 60}) {
            within.put(
                    Integer.toString(m),
                    handovers.stream().filter(h -> h <= m * 60L).count());
        }
        long lost15 = handovers.stream().mapToLong(h -> Math.max(0, h - 900)).sum();
        long lost60 = handovers.stream().mapToLong(h -> Math.max(0, h - 3600)).sum();
        long officerSeconds = known(closed, TruthCase::officerSeconds).stream()
                .mapToLong(Long::longValue)
                .sum();
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("key", key);
        g.put("keys", List.of(key));
        g.put("cases", cases.size());
        g.put("open", cases.size() - closed.size());
        g.put("outcomes", outcomes);
        g.put("complete", closed.stream().filter(TruthCase::complete).count());
        g.put("arrivalToAcknowledged", summary(known(closed, TruthCase::ack)));
        g.put("handoverTime", summary(handovers));
        g.put("handoverToClear", summary(known(closed, TruthCase::handoverToClear)));
        g.put("timeAtEd", summary(known(closed, TruthCase::timeAtEd)));
        g.put("handoverWithin", within);
        g.put("handoverOver60", handovers.stream().filter(h -> h > 3600).count());
        g.put("hoursLostBeyond15", hours(lost15));
        g.put("hoursLostBeyond60", hours(lost60));
        g.put("officerHours", hours(officerSeconds));
        List<Long> atSite = known(closed, TruthCase::timeAtEd);
        g.put("over4h", atSite.stream().filter(t -> t > 4 * 3600L).count());
        g.put("over8h", atSite.stream().filter(t -> t > 8 * 3600L).count());
        g.put("over12h", atSite.stream().filter(t -> t > 12 * 3600L).count());
        Map<String, Object> escalations = new LinkedHashMap<>();
        for (int level = 1; level <= ESCALATION_MINUTES.length; level++) {
            int l = level;
            escalations.put(
                    Integer.toString(level),
                    closed.stream().filter(c -> c.escalationLevel() >= l).count());
        }
        g.put("escalations", escalations);
        g.put(
                "legalClockBreaches",
                closed.stream().filter(TruthCase::legalClockBreached).count());
        g.put(
                "repeatAttendances30d",
                closed.stream().filter(TruthCase::repeatWithin30d).count());
        g.put(
                "repeatAttendances90d",
                closed.stream().filter(TruthCase::repeatWithin90d).count());
        // Issue 13: the standing disposition of closed cases; closed cases referred at scene, by pathway.
        Map<String, Object> dispositions = new LinkedHashMap<>();
        for (String code : DISPOSITIONS) {
            dispositions.put(
                    code,
                    closed.stream().filter(c -> code.equals(c.disposition())).count());
        }
        g.put("dispositions", dispositions);
        List<TruthCase> referred = closed.stream()
                .filter(c -> "REFERRED_AT_SCENE".equals(c.outcome()))
                .toList();
        g.put("avoidedByReferralAtScene", referred.size());
        Map<String, Object> pathways = new LinkedHashMap<>();
        for (String pathway : PATHWAYS) {
            pathways.put(
                    pathway,
                    referred.stream()
                            .filter(c -> pathway.equals(c.referralPathway()))
                            .count());
        }
        g.put("avoidedByReferralPathway", pathways);
        g.put("arrivalToAssessment", summary(known(closed, TruthCase::arrivalToAssessment)));
        Map<String, Object> delayReasons = new LinkedHashMap<>();
        for (String reason : CaseGenerator.DELAY_CODES) {
            delayReasons.put(
                    reason,
                    closed.stream()
                            .filter(c -> c.delayReasons().contains(reason))
                            .count());
        }
        g.put("delayReasons", delayReasons);
        // Closed by a supervisor as not recorded (issue 14): a data-quality gap outside outcomes and time figures.
        g.put(
                "closedNotRecorded",
                closed.stream().filter(c -> "NOT_RECORDED".equals(c.outcome())).count());
        return g;
    }

    private static List<Long> known(List<TruthCase> cases, java.util.function.Function<TruthCase, Long> interval) {
        List<Long> values = new ArrayList<>();
        for (TruthCase c : cases) {
            Long v = interval.apply(c);
            if (v != null) {
                values.add(v);
            }
        }
        Collections.sort(values);
        return values;
    }

    private static Map<String, Object> summary(List<Long> sorted) {
        Map<String, Object> s = new LinkedHashMap<>();
        int n = sorted.size();
        s.put("count", n);
        if (n == 0) {
            s.put("median", null);
            s.put("p90", null);
            s.put("mean", null);
            s.put("max", null);
            return s;
        }
        long sum = sorted.stream().mapToLong(Long::longValue).sum();
        s.put("median", sorted.get((n + 1) / 2 - 1)); // rank ⌈n/2⌉
        s.put("p90", sorted.get((9 * n + 9) / 10 - 1)); // rank ⌈9n/10⌉
        s.put(
                "mean",
                new BigDecimal(sum)
                        .divide(new BigDecimal(n), 0, RoundingMode.HALF_UP)
                        .longValueExact());
        s.put("max", sorted.get(n - 1));
        return s;
    }

    private static BigDecimal hours(long seconds) {
        return new BigDecimal(seconds).divide(new BigDecimal(3600), 2, RoundingMode.HALF_UP);
    }
}
