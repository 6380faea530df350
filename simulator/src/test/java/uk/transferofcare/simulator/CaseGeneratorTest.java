package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CaseGeneratorTest {

    static final List<World.Site> SITES = List.of(
            new World.Site("QEUH", "NHS Greater Glasgow and Clyde"),
            new World.Site("GRI", "NHS Greater Glasgow and Clyde"),
            new World.Site("RAH", "NHS Greater Glasgow and Clyde"),
            new World.Site("RIE", "NHS Lothian"),
            new World.Site("SJH", "NHS Lothian"),
            new World.Site("ARI", "NHS Grampian"),
            new World.Site("NW", "NHS Tayside"));
    static final List<String> DIVISIONS = List.of("A", "D", "E", "G", "J", "K", "L");

    /** 20 000 cases over 14 days around the start of BST 2026, generated once for every statistical test here. */
    private static List<Chain> chains;

    private static final Instant FROM =
            LocalDate.parse("2026-03-20").atStartOfDay(Rhythm.LONDON).toInstant();
    private static final Instant TO =
            LocalDate.parse("2026-04-03").atStartOfDay(Rhythm.LONDON).toInstant();

    @BeforeAll
    static void generate() {
        chains = generate(20_000, 42);
    }

    static List<Chain> generate(int cases, long seed) {
        World world = new World(SITES, DIVISIONS, seed, 4, 3);
        CaseGenerator generator =
                new CaseGenerator(world, new TimeMapping(Instant.parse("2026-11-25T00:00:00Z"), 1), seed);
        List<Instant> arrivals = Rhythm.sample(FROM, TO, cases, new Random(seed));
        List<Chain> out = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); i++) {
            out.add(generator.generate(i, arrivals.get(i)));
        }
        return out;
    }

    private static List<Step> submissions() {
        return chains.stream().flatMap(c -> c.steps.stream()).toList();
    }

    private static List<ExpectedCase> cases() {
        return chains.stream().flatMap(c -> c.cases.stream()).toList();
    }

    @Test
    void givenOrdinarySteps_whenJudged_thenEveryOneAppliesAndEveryDeliberateOneIsRefusedOrIgnored() {
        Map<String, Long> ordinary = submissions().stream()
                .filter(s -> s.intent == null && !s.resend)
                .collect(Collectors.groupingBy(s -> s.expected.verdict().toString(), Collectors.counting()));
        Map<String, Long> deliberate = submissions().stream()
                .filter(s -> s.intent != null && !s.resend)
                .collect(Collectors.groupingBy(s -> s.expected.verdict().toString(), Collectors.counting()));

        assertThat(ordinary.keySet()).containsExactly("APPLIED");
        assertThat(deliberate).doesNotContainKey("APPLIED").doesNotContainKey("HELD");
        assertThat(deliberate.get("REJECTED R5_ALREADY_RECORDED")).isGreaterThan(400);
    }

    @Test
    void givenResentEventIds_whenJudged_thenEachGetsTheVerdictOfItsFirstSendHeldWhileThatIsHeld() {
        long resends = 0;
        for (Chain chain : chains) {
            Map<String, Step> firsts = new HashMap<>();
            for (Step step : chain.steps) {
                Step first = firsts.putIfAbsent(step.submission.eventId(), step);
                if (step.resend) {
                    resends++;
                    assertThat(first).isNotNull();
                    assertThat(step.expected.verdict()).isEqualTo(first.expected.verdict());
                    boolean stillHeld = !first.expected.first().isFinal()
                            && chain.steps.indexOf(step) < indexOfExpectation(chain, first.expected.releasedBy());
                    assertThat(step.expected.first())
                            .isEqualTo(stillHeld ? ExpectedCase.Judgement.held() : first.expected.verdict());
                }
            }
        }
        assertThat(resends).isGreaterThan(3500); // 4% of about 100 000 submissions, and offline pre-alerts
    }

    @Test
    void givenEveryChain_whenOrdered_thenStepsAreInSendOrderAndNothingIsSentBeforeItHappened() {
        for (Chain chain : chains) {
            for (int i = 1; i < chain.steps.size(); i++) {
                assertThat(chain.steps.get(i).sendAt).isAfterOrEqualTo(chain.steps.get(i - 1).sendAt);
            }
            for (Step step : chain.steps) {
                assertThat(step.submission.occurredAt()).isBeforeOrEqualTo(step.sendAt);
            }
        }
    }

    @Test
    void givenADiversion_whenChained_thenTheLinkedCaseOpensWithTheDiversionAndItsIdIsLeftToThePlatform() {
        List<Chain> diverted = chains.stream().filter(c -> c.cases.size() == 2).toList();

        assertThat(diverted).hasSizeBetween(400, 1100); // 3% of 72% en route + 1.5% after arrival ≈ 3.5%
        for (Chain chain : diverted) {
            ExpectedCase from = chain.cases.get(0);
            ExpectedCase linked = chain.cases.get(1);
            int divert = indexOf(chain, s -> s.submission.type().equals("DIVERTED"));
            int firstLinked = indexOf(chain, s -> s.target == linked);
            Step diversion = chain.steps.get(divert);
            assertThat(divert).isLessThan(firstLinked);
            assertThat(diversion.submission.details()).doesNotContainKey("linkedCaseId");
            assertThat(diversion.expected.first()).isEqualTo(ExpectedCase.Judgement.applied());
            assertThat(from.linkedCase()).isSameAs(linked);
            assertThat(List.of(linked.opened(), linked.linkedFrom(), linked.division()))
                    .containsExactly(true, from.caseId(), from.division());
            assertThat(linked.caseId()).isNull(); // the DIVERTED's answer names it at run time
            assertThat(chain.steps.stream().filter(s -> s.target == linked))
                    .allMatch(s -> s.expected.first().isFinal());
        }
    }

    @Test
    void givenEveryCase_whenOpened_thenItsDivisionIsItsOfficersAndNothingIsLeftHeld() {
        for (Chain chain : chains) {
            ExpectedCase c = chain.cases.get(0);
            String officersDivision = chain.steps.stream()
                    .filter(s -> s.target == c && s.submission.user().role().equals("OFFICER") && s.intent == null)
                    .map(s -> s.submission.user().org())
                    .findFirst()
                    .orElse(c.division()); // a case voided before any officer sent anything
            assertThat(List.of(c.opened(), c.division(), c.heldSubmissions()))
                    .containsExactly(true, officersDivision, 0);
        }
    }

    @Test
    void givenTheCases_whenCounted_thenTheMixIsRealistic() {
        Map<String, Long> tags = new HashMap<>();
        for (Chain chain : chains) {
            chain.cases.get(0).scenario().forEach(t -> tags.merge(t, 1L, Long::sum));
        }
        // Shares of 20 000 first cases, within generous bounds of the configured mix.
        assertThat(tags.get("cancelled")).isBetween(350L, 700L); // 3.5% of 72%
        assertThat(tags.get("absconded")).isBetween(350L, 800L);
        assertThat(tags.get("ended-without-handover")).isBetween(500L, 1050L);
        assertThat(tags.get("offline-officer")).isBetween(700L, 1400L); // 8% of the pre-alerted not replayed reversed
        assertThat(tags.get("ed-recorded-arrival")).isBetween(300L, 650L);
        assertThat(tags.get("corrected-arrival")).isBetween(350L, 800L);
        assertThat(tags.get("entered-in-error")).isBetween(70L, 220L);
        assertThat(tags.get("acknowledgement-implied")).isBetween(1900L, 2900L);
        assertThat(tags.get("officers-retained")).isBetween(800L, 1500L);
    }

    @Test
    void givenHandedOverCases_whenTheirHandoverTimesAreSorted_thenMedianNearThreeQuartersOfAnHourWithALongTail() {
        long[] minutes = cases().stream()
                .filter(c -> c.point(Point.ARRIVED) != null && c.point(Point.HANDED_OVER) != null && !c.voided())
                .mapToLong(c -> Duration.between(c.point(Point.ARRIVED), c.point(Point.HANDED_OVER))
                        .toMinutes())
                .sorted()
                .toArray();

        long median = minutes[minutes.length / 2];
        long p90 = minutes[minutes.length * 9 / 10];
        long beyondSixHours = Arrays.stream(minutes).filter(m -> m > 360).count();
        // National median 45 min times the sites' factors (0.7 to 1.5) and busy-hour effects.
        assertThat(median).isBetween(35L, 75L);
        assertThat(p90).isBetween(2 * median, 5 * median);
        assertThat(beyondSixHours).isGreaterThan(minutes.length / 200);
    }

    @Test
    void givenThePeriodAroundTheClockChange_whenCasesAreCounted_thenSomeCrossMidnightAndSomeArriveOnTheChangeDay() {
        long crossingMidnight = cases().stream()
                .filter(c -> c.point(Point.ARRIVED) != null && c.point(Point.CLEARED) != null)
                .filter(c -> !LocalDate.ofInstant(c.point(Point.ARRIVED), Rhythm.LONDON)
                        .equals(LocalDate.ofInstant(c.point(Point.CLEARED), Rhythm.LONDON)))
                .count();
        long onTheChangeDay = cases().stream()
                .filter(c -> c.point(Point.ARRIVED) != null)
                .filter(c -> LocalDate.ofInstant(c.point(Point.ARRIVED), Rhythm.LONDON)
                        .equals(LocalDate.parse("2026-03-29")))
                .count();

        assertThat(crossingMidnight).isGreaterThan(1000);
        assertThat(onTheChangeDay).isGreaterThan(1000);
    }

    @Test
    void givenTheSameSeed_whenGeneratedTwice_thenTheGroundTruthIsIdentical() {
        List<Map<String, Object>> first = truthOf(generate(300, 7));
        List<Map<String, Object>> again = truthOf(generate(300, 7));
        List<Map<String, Object>> other = truthOf(generate(300, 8));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void givenAFutureTail_whenMappedWithASpeedUp_thenStepsAfterNowAreDueLaterAndCompressed() {
        Instant now = TO.minus(Duration.ofHours(12));
        World world = new World(SITES, DIVISIONS, 3, 4, 3);
        CaseGenerator generator = new CaseGenerator(world, new TimeMapping(now, 10), 3);

        Chain chain = generator.generate(0, now.plus(Duration.ofHours(2)));

        Step last = chain.steps.get(chain.steps.size() - 1);
        assertThat(last.dueMillis).isGreaterThan(now.toEpochMilli());
        // 2 h or more after now on the simulated clock is at least 12 minutes after now on the wall clock.
        assertThat(Duration.between(now, Instant.ofEpochMilli(last.dueMillis))).isGreaterThan(Duration.ofMinutes(12));
        assertThat(last.submission.occurredAt()).isBefore(now.plus(Duration.ofHours(2)));
    }

    private static List<Map<String, Object>> truthOf(List<Chain> generated) {
        return generated.stream()
                .flatMap(c -> c.cases.stream())
                .map(TruthLog::caseLine)
                .toList();
    }

    private static int indexOfExpectation(Chain chain, ExpectedCase.Expectation expectation) {
        return indexOf(chain, s -> s.expected == expectation);
    }

    private static int indexOf(Chain chain, java.util.function.Predicate<Step> test) {
        for (int i = 0; i < chain.steps.size(); i++) {
            if (test.test(chain.steps.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
