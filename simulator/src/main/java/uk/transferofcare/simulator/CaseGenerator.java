package uk.transferofcare.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Writes the story of one case from its arrival time: who brings the person where, what the ED does and when, what
 * goes wrong; then the submissions the users' devices send, in the order they send them, each judged by {@link
 * ExpectedCase} so the chain carries its own ground truth.
 *
 * <p>Everything is decided by a random generator seeded from the run's seed and the case's index, so a seed and the
 * same options always give the same cases, whatever order they are sent in.
 */
final class CaseGenerator {

    /** How often each thing happens. Percentages of cases unless said otherwise. */
    /** The delay reason codes of the contract. */
    static final List<String> DELAY_CODES = List.of(
            "AWAITING_MENTAL_HEALTH_ASSESSMENT",
            "AWAITING_MEDICAL_ASSESSMENT",
            "AWAITING_MENTAL_HEALTH_OFFICER",
            "AWAITING_BED",
            "INTOXICATION",
            "STAFFING",
            "OTHER");

    static final class Mix {
        static final double PRE_ALERTED = 0.72;
        static final double CANCELLED = 0.035; // of pre-alerted cases, before arrival
        static final double DIVERTED_EN_ROUTE = 0.03; // of pre-alerted cases
        static final double ABSCONDED = 0.03;
        static final double ENDED_WITHOUT_HANDOVER = 0.04;
        static final double DIVERTED_AFTER_ARRIVAL = 0.015;
        static final double ABSCONDED_NOT_CLEARED = 0.15; // of abscondings: officers never record clearance
        static final double NO_ACKNOWLEDGEMENT = 0.12; // handover without acknowledgement: implied (rule 6)
        static final double HANDOVER_STARTED = 0.35;
        static final double RETAINED = 0.03; // ARREST: 0.5
        static final double NEVER_CLEARED = 0.01; // handed over, clearance never recorded: stays open
        static final double OFFLINE_OFFICER = 0.08; // of pre-alerted cases not replayed in reverse
        static final double ED_RECORDS_ARRIVAL = 0.4; // of offline cases: the ED records the arrival first
        static final double OFFLINE_RESENDS_PRE_ALERT = 0.25; // of offline cases: the unanswered pre-alert again
        static final double RETRY_DUPLICATE = 0.04; // of submissions: sent again with the same eventId
        static final double SAME_FACT_TWICE = 0.01; // the phone app re-creates an event under a new eventId (R1)
        static final double DOUBLE_TAP = 0.01; // a second ARRIVED a second or two later, new eventId
        static final double STALE_BOARD_ACK = 0.02; // of handed-over cases: Acknowledge on a stale board
        static final double CORRECT_ARRIVAL = 0.03; // of closed cases that arrived: supervisor moves arrival earlier
        static final double CORRECT_HANDOVER = 0.015; // ... moves the handover later
        static final double ENTERED_IN_ERROR = 0.007;
        static final double OFFICER_COUNT_UNKNOWN = 0.03;
        // Issue 13: the assessment, why it took long, officers leaving or staying.
        static final double ASSESSMENT_STARTED = 0.6; // of handed-over cases: the ED records when assessment began
        static final double ASSESSMENT_MODE_NOT_SAID = 0.1; // of those: no in-person/remote named
        static final double DELAY_REASONS = 0.5; // of handovers over an hour: 1 or 2 coded reasons
        static final double DELAY_REASON_AGAIN = 0.3; // of those: the same code recorded again later (counts once)
        static final double OFFICERS_LEAVE = 0.3; // of handed-over cases with 2+ officers: one leaves before handover
        static final double SECOND_OFFICER_LEAVES = 0.5; // of those with 3+ then, and not retained: another leaves
        static final double HANDOVER_MEDIAN_MINUTES = 45;
        static final double HANDOVER_SIGMA = 0.85; // log-normal: p90 ≈ 3 × median, 1% beyond about 6 h

        // Walk-ins the ED opens: the ED records the arrival first, naming the police division (a few hundred a run
        // of 3,000 cases).
        static final double ED_OPENS_WALK_IN = 0.3; // of cases without pre-alert
        static final double OFFICER_ARRIVES_TOO = 0.4; // of those: the officer's own arrival later (R5)
        static final double OTHER_DIVISION_PRE_ALERT = 0.1; // of those: another division's late pre-alert (403)

        // Stress scenarios of issue 9, far more frequent than in life so that a run of 1,000 cases carries about a
        // hundred of each and GroundTruthIT's 3,000 several hundred.
        static final double REVERSE_REPLAY = 0.11; // the phone offline for a whole case, its queue sent last first
        static final double REVERSE_DOUBLE_TAP = 0.3; // of reverse replays: arrival tapped twice (the later wins)
        static final double QUICK_CORRECTION = 0.14; // of cases that arrive online: corrected seconds after it was sent

        // Issue 13, what happened to the person. Drawn from the case's second generator (outcomes), so the cases of
        // a seed are otherwise the ones they were before.
        static final double REFERRED_AFTER_PRE_ALERT = 0.04; // of pre-alerted cases: referred at scene instead
        static final double REFERRED_WITHOUT_PRE_ALERT = 0.12; // of officers' walk-ins: referred, never conveyed
        static final double REFERRAL_NAMES_SITE = 0.5; // of referrals without pre-alert: the intended site named
        static final double DISPOSITION_ON_CLEARANCE = 0.3; // of clearances after a handover: the officer's form
        static final double DISPOSITION_BY_ED = 0.6; // of handed-over or ended cases: ED staff record it
        static final double DISPOSITION_CORRECTED = 0.08; // of cases with a disposition: a supervisor corrects it

        // Issue 13, relief and mistakes. Drawn from the case's third generator (relief), so the cases of a seed are
        // otherwise much the ones they were before. Of cases handed over while the officer's phone was online.
        static final double DIVISION_TRANSFERRED = 0.15; // of those where officers wait 2 h or more: relief at shift
        static final double LONG_S136_WAIT = 0.3; // of s136 cases: no bed for a day, handover 22 to 28 h after arrival
        static final double LEGAL_CLOCK_EXTENDED = 0.8; // of those: the ED (or a supervisor) extends by 12 hours
        static final double EXTENDED_BY_SUPERVISOR = 0.25; // of extensions: a site supervisor records it
        static final double REMOVAL_RECORDED_LATE = 0.15; // of s297 cases opened without removedAt: a correction
        static final double CORRECT_REMOVAL = 0.02; // of cases with a removal time: moved earlier
        static final double CORRECT_LEGAL_BASIS = 0.02;
        static final double CORRECT_SITE = 0.01; // the officer's app named a neighbouring site
        static final double CORRECT_DIVISION = 0.01;

        // Issue 14: cases nobody closed. Drawn from the case's fourth generator (closing), so the cases of a seed are
        // otherwise the ones they were before (an abandoned case's own later draws aside).
        static final double ABANDONED = 0.012; // of handed-over cases: never cleared, closed as not recorded later
        static final double CLOSED_BY_SITE = 0.5; // of those: the site's supervisor closes it (else the division's)
        static final double CLEARANCE_AFTER_CLOSING = 0.3; // of those: the officer's clearance comes after (refused)
        static final double CLOSING_AFTER_CLEARANCE =
                0.004; // of cleared handed-over cases: a closure attempt (refused)
        static final Duration CLOSING_AFTER = Duration.ofHours(24); // "Needs closing": no event for 24 hours

        // ED staff's undo (ACTION_UNDONE). Drawn from the case's fifth generator (undos), so the cases of a seed are
        // otherwise the ones they were before (an undone case's own later draws aside). Of cases acknowledged (or
        // assessed) on the board and handed over, while the arrival was recorded as it happened.
        static final double UNDO_ACKNOWLEDGEMENT = 0.02; // the nurse undoes their acknowledgement a minute later
        static final double ACKNOWLEDGED_AGAIN = 0.6; // of those: recorded again at its time (else implied later)
        static final double UNDO_ASSESSMENT = 0.02; // of assessed cases: the assessment's start undone, recorded again
        static final double UNDO_NOT_OWN = 0.006; // another nurse of the site tries to undo it (UNDO_NOT_OWN)
        static final double UNDO_AFTER_HANDOVER = 0.006; // quick handover, then the acknowledgement (UNDO_NOT_LATEST)

        private Mix() {}
    }

    /** The stress scenarios issue 9 asks for; a submission that belongs to one carries it. */
    enum Scenario {
        /** The officer's offline queue replaying a whole case last event first, in one burst. */
        REVERSE_REPLAY("reverse-replay", "reverse-replay"),
        /** A supervisor's CORRECTED sent seconds after the event it corrects. */
        QUICK_CORRECTION("quick-correction", "quick-corrected-arrival", "quick-corrected-handover"),
        /** ED staff opening a walk-in case with ARRIVED naming the police division. */
        ED_OPENS_WALK_IN("ed-opens-walk-in", "ed-opened-walk-in");

        private final String label;
        private final List<String> caseTags;

        Scenario(String label, String... caseTags) {
            this.label = label;
            this.caseTags = List.of(caseTags);
        }

        String label() {
            return label;
        }

        /** True when the case is tagged with this scenario. */
        boolean covers(ExpectedCase c) {
            return c.scenario().stream().anyMatch(caseTags::contains);
        }
    }

    private static final DateTimeFormatter REFERENCE_DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final World world;
    private final TimeMapping time;
    private final long seed;
    private final People people;

    CaseGenerator(World world, TimeMapping time, long seed) {
        this.world = world;
        this.time = time;
        this.seed = seed;
        this.people = new People(seed);
    }

    /** The chain of the index-th case of the run, arriving (or due to arrive) at {@code arrival}. */
    Chain generate(int index, Instant arrival) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L);
        Random outcomes = new Random(seed * 0xD1B54A32D192ED03L + index * 0x94D049BB133111EBL + 13);
        Random relief = new Random(seed * 0xA0761D6478BD642FL + index * 0xE7037ED1A0B428DBL + 136);
        Random closing = new Random(seed * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L + 14);
        Random undos = new Random(seed * 0x9FB21C651E98DF25L + index * 0xD6E8FEB86659FD93L + 15);
        return new Story(index, arrival, random, outcomes, relief, closing, undos).write();
    }

    /** Who opens the case with the arrival. */
    private enum Opening {
        /** It is open already: pre-alerted, or opened by a diversion. */
        NONE,
        /** The officer's ARRIVED names the site (a walk-in). */
        OFFICER,
        /** ED staff's ARRIVED names the site and the police division (a walk-in). */
        ED
    }

    /** How the officer's phone sends. */
    private enum Phone {
        ONLINE,
        /** No signal from just before arrival; the queue is sent in order on reconnection. */
        OFFLINE,
        /** No signal for the whole case; the queue is sent last event first (a stress of rule 8). */
        REVERSED
    }

    /** The arrival at a site and what follows it. */
    private record Visit(
            ExpectedCase c,
            World.Site site,
            User officer,
            Instant arrivedAt,
            Opening opening,
            String basis,
            Instant removedAt,
            Integer count,
            boolean mayDivert,
            Phone phone,
            Instant correctionFloor) {}

    /** A correction sent seconds after the event it corrects; planned once every send time is known. */
    private record QuickCorrection(ExpectedCase c, User supervisor, String point, Instant correctedTo, String why) {}

    /**
     * Issue 13: a supervisor of the owning division corrects a mistake after everything else of the case was sent
     * (the removal time, or the division, legal basis or site); planned once every send time is known.
     */
    private record LateCorrection(ExpectedCase c, User supervisor, Map<String, Object> details) {}

    /**
     * Issue 14: a supervisor closes the case as not recorded a day or more after its last submission (planned once
     * every send time is known). {@code lateClearance}: the officers' clearance, sent after the closure (refused);
     * null when none. {@code refused}: the case was cleared, so the closure is refused.
     */
    private record Closing(ExpectedCase c, User supervisor, Submission lateClearance, boolean refused) {}

    /** What an undo planned for a case is meant to show. */
    private enum UndoKind {
        /** The nurse undoes their acknowledgement (APPLIED); it is recorded again or the handover implies it. */
        ACKNOWLEDGEMENT,
        /** The nurse undoes the start of the assessment (APPLIED); it is recorded again. */
        ASSESSMENT,
        /** Another nurse of the site tries to undo the acknowledgement (UNDO_NOT_OWN). */
        NOT_OWN,
        /** The nurse tries to undo the acknowledgement once the handover is recorded (UNDO_NOT_LATEST). */
        AFTER_HANDOVER
    }

    /**
     * An ACTION_UNDONE sent seconds after {@code after} (a step of the case, its send time final only once the story is
     * written), naming {@code undone}'s eventId; {@code again}: the undone point recorded again afterwards under a new
     * eventId, or null. {@code before}: the event types of the case that must not be sent between {@code after} and
     * the undo's last submission (else the undo is left out).
     */
    private record Undo(
            ExpectedCase c,
            UndoKind kind,
            Planned undone,
            Planned after,
            User who,
            Submission again,
            List<String> before) {}

    private final class Story {
        private final int index;
        private final Instant arrival;
        private final Random r;
        /** Issue 13's draws (referrals at scene, dispositions): a stream of their own. */
        private final Random o;
        /** Issue 13's relief and mistakes (transfers, attribute corrections, the s136 extension): another. */
        private final Random x;
        /** Issue 14's cases nobody closed (closures as not recorded, and refused attempts): a fourth. */
        private final Random n;
        /** ED staff's undos (ACTION_UNDONE, applied and refused): a fifth. */
        private final Random ud;

        private final List<Undo> undos = new ArrayList<>();

        private final List<Closing> closings = new ArrayList<>();

        private final List<LateCorrection> lateCorrections = new ArrayList<>();

        private final List<Planned> planned = new ArrayList<>();
        private final List<ExpectedCase> cases = new ArrayList<>();
        private final List<QuickCorrection> quickCorrections = new ArrayList<>();
        private boolean reversed;
        private int sequence;
        /** The person's key, sent on every PRE_ALERTED and ARRIVED of the story (its diversion's too); null: none. */
        private final String personKey;

        Story(int index, Instant arrival, Random random, Random outcomes, Random relief, Random closing, Random undos) {
            this.index = index;
            this.arrival = arrival;
            this.r = random;
            this.o = outcomes;
            this.x = relief;
            this.n = closing;
            this.ud = undos;
            this.personKey = people.keyOf(index);
        }

        Chain write() {
            World.Site site = world.pickSite(r);
            String division = world.pickDivision(site, r);
            User officer = world.officer(division, r);
            String basis = legalBasis();
            Integer count = r.nextDouble() < Mix.OFFICER_COUNT_UNKNOWN ? null : officerCount();
            boolean preAlert = r.nextDouble() < Mix.PRE_ALERTED;
            boolean edOpens = !preAlert && r.nextDouble() < Mix.ED_OPENS_WALK_IN;
            Phone phone = !edOpens && r.nextDouble() < Mix.REVERSE_REPLAY ? Phone.REVERSED : Phone.ONLINE;
            reversed = phone == Phone.REVERSED;
            Duration travel = minutes(5, 35);
            Instant preAlertedAt = preAlert ? arrival.minus(travel) : null;
            Instant removedAt =
                    (basis != null && !basis.equals("VOLUNTARY") && !basis.equals("OTHER")) && r.nextDouble() < 0.85
                            ? (preAlert ? preAlertedAt : arrival).minus(minutes(5, 45))
                            : null;
            ExpectedCase a = newCase(site.code());
            List<Planned> officerEvents = new ArrayList<>();

            if (preAlert) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("siteCode", site.code());
                putIfNotNull(details, "legalBasis", basis);
                putIfNotNull(details, "removedAt", wire(removedAt));
                details.put("eta", wire(later(preAlertedAt, arrival.plus(normalMinutes(0, 5)), 60)));
                if (count != null && r.nextDouble() < 0.8) {
                    details.put("officerCount", count);
                }
                if (r.nextDouble() < 0.3) {
                    details.put("localReference", localReference(preAlertedAt));
                }
                putIfNotNull(details, "personKey", personKey);
                officerEvents.add(submit(a, "PRE_ALERTED", preAlertedAt, officer, details, lag(officer), null));
                if (!reversed && o.nextDouble() < Mix.REFERRED_AFTER_PRE_ALERT) {
                    // The officer refers the person at the point of contact instead of conveying them.
                    a.tag("referred-at-scene");
                    Instant referredAt = preAlertedAt.plus(outcomeMinutes(1, 10));
                    Map<String, Object> referral = new LinkedHashMap<>();
                    referral.put("referralPathway", pathway());
                    if (o.nextBoolean()) {
                        referral.put("siteCode", site.code());
                    }
                    submit(a, "REFERRED_AT_SCENE", referredAt, officer, referral, outcomeLag(officer), null);
                    return finish();
                }
                double u = r.nextDouble();
                if (u < Mix.CANCELLED) {
                    a.tag("cancelled");
                    Instant cancelledAt = preAlertedAt.plus(fraction(travel, 0.1, 0.9));
                    officerEvents.add(submit(
                            a, "CANCELLED", cancelledAt, officer, reason("no longer required"), lag(officer), null));
                    if (reversed) {
                        replayReversed(a, officerEvents);
                    }
                    return finish();
                }
                if (!reversed && u < Mix.CANCELLED + Mix.DIVERTED_EN_ROUTE) {
                    a.tag("diverted-en-route");
                    Instant divertedAt = preAlertedAt.plus(fraction(travel, 0.1, 0.9));
                    divert(a, site, officer, divertedAt, count);
                    return finish();
                }
                if (!reversed && r.nextDouble() < Mix.OFFLINE_OFFICER) {
                    phone = Phone.OFFLINE;
                }
            }
            if (!preAlert && !edOpens && !reversed && o.nextDouble() < Mix.REFERRED_WITHOUT_PRE_ALERT) {
                // Never pre-alerted: one submission opens and ends the case; the intended site is optional.
                a.tag("referred-at-scene");
                a.tag("referred-without-pre-alert");
                Map<String, Object> referral = new LinkedHashMap<>();
                referral.put("referralPathway", pathway());
                if (o.nextDouble() < Mix.REFERRAL_NAMES_SITE) {
                    referral.put("siteCode", site.code());
                }
                putIfNotNull(referral, "legalBasis", basis);
                putIfNotNull(referral, "removedAt", wire(removedAt));
                putIfNotNull(referral, "officerCount", count);
                submit(a, "REFERRED_AT_SCENE", arrival, officer, referral, outcomeLag(officer), null);
                return finish();
            }
            Opening opening = preAlert ? Opening.NONE : edOpens ? Opening.ED : Opening.OFFICER;
            Instant floor = preAlertedAt != null ? preAlertedAt : removedAt;
            afterArrival(
                    new Visit(
                            a,
                            site,
                            officer,
                            arrival,
                            opening,
                            basis,
                            removedAt,
                            count,
                            phone == Phone.ONLINE,
                            phone,
                            floor),
                    officerEvents);
            return finish();
        }

        /**
         * The officers take the person to another site: the processor opens a linked case there (its id comes with
         * the DIVERTED's answer), and they arrive at it.
         */
        private Planned divert(ExpectedCase from, World.Site site, User officer, Instant divertedAt, Integer count) {
            World.Site target = world.divertTarget(site, r);
            ExpectedCase linked = newLinkedCase(target.code());
            from.divertsTo(linked);
            linked.tag("opened-by-diversion");
            Duration travel = minutes(10, 35);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("destinationSiteCode", target.code());
            details.put("eta", wire(divertedAt.plus(travel)));
            details.put("reason", "ED asked for the person to go to another site");
            Planned diverted = submit(from, "DIVERTED", divertedAt, officer, details, lag(officer), null);
            afterArrival(
                    new Visit(
                            linked,
                            target,
                            officer,
                            divertedAt.plus(travel).plusMillis(r.nextInt(1000)),
                            Opening.NONE,
                            null,
                            null,
                            count,
                            false,
                            Phone.ONLINE,
                            divertedAt),
                    new ArrayList<>());
            return diverted;
        }

        private void afterArrival(Visit v, List<Planned> officerEvents) {
            ExpectedCase c = v.c();
            World.Site site = v.site();
            User officer = v.officer();
            Instant arrivedAt = v.arrivedAt();
            boolean offline = v.phone() == Phone.OFFLINE;
            // The division owning the case: the officer's, until a supervisor transfers it.
            String owner = officer.org();
            boolean handedOverBranch = false;
            User ed = world.edStaff(site.code(), r);
            Map<String, Object> arrival = new LinkedHashMap<>();
            if (v.opening() != Opening.NONE) {
                arrival.put("siteCode", site.code());
                putIfNotNull(arrival, "legalBasis", v.basis());
                putIfNotNull(arrival, "removedAt", wire(v.removedAt()));
            }
            putIfNotNull(arrival, "officerCount", v.count());
            putIfNotNull(arrival, "personKey", personKey);
            Planned arrived;
            if (v.opening() == Opening.ED) {
                c.tag("ed-opened-walk-in");
                Map<String, Object> edArrival = new LinkedHashMap<>();
                edArrival.put("siteCode", site.code());
                edArrival.put("policeDivision", officer.org());
                if (v.basis() != null && r.nextDouble() < 0.6) {
                    edArrival.put("legalBasis", v.basis());
                    putIfNotNull(edArrival, "removedAt", wire(v.removedAt()));
                }
                if (v.count() != null && r.nextDouble() < 0.7) {
                    edArrival.put("officerCount", v.count());
                }
                putIfNotNull(edArrival, "personKey", personKey);
                arrived = submit(c, "ARRIVED", arrivedAt, ed, edArrival, lag(ed), null);
                arrived.scenario = Scenario.ED_OPENS_WALK_IN;
                if (r.nextDouble() < Mix.OTHER_DIVISION_PRE_ALERT
                        && world.divisions().size() > 1) {
                    // Issue 9's attack: an officer of another division pre-alerts the case late, to make it theirs.
                    c.tag("other-division-pre-alert");
                    List<String> others = world.divisions().stream()
                            .filter(d -> !d.equals(officer.org()))
                            .toList();
                    User stranger = world.officer(others.get(r.nextInt(others.size())), r);
                    submit(
                            c,
                            "PRE_ALERTED",
                            arrivedAt.minus(minutes(5, 20)),
                            stranger,
                            Map.of("siteCode", site.code()),
                            arrivedAt.plus(minutes(1, 20)),
                            "an officer of another division pre-alerts a case the ED opened for theirs (NOT_PERMITTED)");
                }
                if (r.nextDouble() < Mix.OFFICER_ARRIVES_TOO) {
                    submit(
                            c,
                            "ARRIVED",
                            arrivedAt.plusSeconds(30 + r.nextInt(90)),
                            officer,
                            arrival,
                            lag(officer),
                            "the ED opened the case; the officer's own arrival is later (R5)");
                }
            } else {
                arrived = submit(c, "ARRIVED", arrivedAt, officer, arrival, lag(officer), null);
                officerEvents.add(arrived);
                double doubleTap = v.phone() == Phone.REVERSED ? Mix.REVERSE_DOUBLE_TAP : offline ? 0 : Mix.DOUBLE_TAP;
                if (r.nextDouble() < doubleTap) {
                    c.tag("double-tap");
                    boolean reverse = v.phone() == Phone.REVERSED;
                    officerEvents.add(submit(
                            c,
                            "ARRIVED",
                            arrivedAt.plusMillis(1000 + r.nextInt(2000)),
                            officer,
                            arrival,
                            arrived.sendAt.plusMillis(1500 + r.nextInt(2000)),
                            reverse ? null : "double tap: a second arrival under a new eventId (R5)"));
                    if (reverse) {
                        arrived.intent = "double tap replayed last first: the second tap, sent first, recorded the"
                                + " arrival (R5)";
                    }
                }
            }

            Duration ackDelay = max(Duration.ofSeconds(20), exponentialMinutes(7));
            boolean acknowledged = r.nextDouble() >= Mix.NO_ACKNOWLEDGEMENT;
            Instant ackAt = arrivedAt.plus(ackDelay);
            if (offline && r.nextDouble() < Mix.ED_RECORDS_ARRIVAL) {
                c.tag("ed-recorded-arrival");
                arrived.intent =
                        "the ED recorded the arrival while the officer was offline; the officer's is later (R5)";
                Instant edArrival = arrivedAt.plus(fraction(ackDelay, 0.2, 0.8));
                submit(c, "ARRIVED", edArrival, ed, Map.of(), lag(ed), null);
            }
            if (!acknowledged) {
                c.tag("acknowledgement-implied");
            }
            boolean quick = !offline && r.nextDouble() < Mix.QUICK_CORRECTION;
            QuickCorrection quickHandover = null;

            double factor = world.handoverFactor(site.code())
                    * (Rhythm.busyHours(arrivedAt) ? 1.2 : 1.0)
                    * (Rhythm.weekend(arrivedAt) ? 1.1 : 1.0);
            Duration handover = logNormalMinutes(Mix.HANDOVER_MEDIAN_MINUTES * factor, Mix.HANDOVER_SIGMA);
            handover = max(handover, ackDelay.plusSeconds(60 + r.nextInt(120)));
            handover = min(handover, Duration.ofHours(20));
            Instant handedOverAt = arrivedAt.plus(handover);
            Instant closedAt = null;

            double u = r.nextDouble();
            if (u < Mix.ABSCONDED) {
                c.tag("absconded");
                Instant abscondedAt = ackAt.plus(fraction(Duration.between(ackAt, handedOverAt), 0.1, 0.9));
                if (acknowledged) {
                    submit(c, "ACKNOWLEDGED", ackAt, ed, Map.of(), lag(ed), null);
                }
                User who = r.nextBoolean() ? ed : officer;
                Planned absconded =
                        submit(c, "ABSCONDED", abscondedAt, who, reason("left before assessment"), lag(who), null);
                if (who == officer) {
                    officerEvents.add(absconded);
                }
                closedAt = abscondedAt;
                if (r.nextDouble() >= Mix.ABSCONDED_NOT_CLEARED) {
                    Instant clearedAt = abscondedAt.plus(minutes(5, 30));
                    officerEvents.add(submit(c, "CLEARED", clearedAt, officer, Map.of(), lag(officer), null));
                    closedAt = clearedAt;
                } else {
                    c.tag("clearance-missing");
                }
            } else if (u < Mix.ABSCONDED + Mix.ENDED_WITHOUT_HANDOVER) {
                c.tag("ended-without-handover");
                Instant endedAt = ackAt.plus(fraction(Duration.between(ackAt, handedOverAt), 0.3, 1.0));
                if (acknowledged) {
                    submit(c, "ACKNOWLEDGED", ackAt, ed, Map.of(), lag(ed), null);
                }
                User who = r.nextDouble() < 0.7 ? ed : officer;
                Planned ended = submit(
                        c,
                        "ENDED_WITHOUT_HANDOVER",
                        endedAt,
                        who,
                        reason("assessed by the ED with police present; no formal handover"),
                        lag(who),
                        null);
                if (who == officer) {
                    officerEvents.add(ended);
                }
                Instant clearedAt = endedAt.plus(minutes(2, 15));
                officerEvents.add(submit(c, "CLEARED", clearedAt, officer, Map.of(), lag(officer), null));
                closedAt = clearedAt;
                dispositions(c, site, null, endedAt, v.phone() == Phone.ONLINE);
            } else if (v.mayDivert() && u < Mix.ABSCONDED + Mix.ENDED_WITHOUT_HANDOVER + Mix.DIVERTED_AFTER_ARRIVAL) {
                c.tag("diverted-after-arrival");
                Instant divertedAt = arrivedAt.plus(min(minutes(10, 40), fraction(handover, 0.5, 0.9)));
                if (acknowledged && ackAt.isBefore(divertedAt)) {
                    submit(c, "ACKNOWLEDGED", ackAt, ed, Map.of(), lag(ed), null);
                }
                Instant clearedAt = divertedAt.plus(minutes(1, 5));
                officerEvents.add(divert(c, site, officer, divertedAt, v.count()));
                officerEvents.add(submit(c, "CLEARED", clearedAt, officer, Map.of(), lag(officer), null));
                closedAt = clearedAt;
            } else {
                // Issue 13: an s136 detention with no bed for a day; officers wait past the 24-hour clock.
                boolean relief = v.phone() == Phone.ONLINE && v.opening() != Opening.ED && cases.size() == 1;
                boolean longWait = relief && "S136".equals(v.basis()) && x.nextDouble() < Mix.LONG_S136_WAIT;
                if (longWait) {
                    c.tag("long-s136-wait");
                    handover = Duration.ofMinutes(22 * 60 + x.nextInt(6 * 60));
                    handedOverAt = arrivedAt.plus(handover);
                }
                // ED staff's undo: only when the arrival is recorded as it happens (nothing held, no late arrival).
                boolean recordedAsItHappens = v.phone() == Phone.ONLINE || v.opening() == Opening.ED;
                UndoKind undo = null;
                if (recordedAsItHappens && !longWait) {
                    double w = ud.nextDouble();
                    if (acknowledged && w < Mix.UNDO_ACKNOWLEDGEMENT) {
                        undo = UndoKind.ACKNOWLEDGEMENT;
                    } else if (acknowledged && (w -= Mix.UNDO_ACKNOWLEDGEMENT) < Mix.UNDO_NOT_OWN) {
                        undo = UndoKind.NOT_OWN;
                    } else if (acknowledged && (w -= Mix.UNDO_NOT_OWN) < Mix.UNDO_AFTER_HANDOVER) {
                        undo = UndoKind.AFTER_HANDOVER;
                        // A quick handover a minute or two after the acknowledgement, so the undo that comes after it
                        // is still within the undo window of the acknowledgement, whatever the speed.
                        handedOverAt = ackAt.plusMillis(60_000 + ud.nextInt(90_000));
                        handover = Duration.between(arrivedAt, handedOverAt);
                    } else if (ud.nextDouble() < Mix.UNDO_ASSESSMENT) {
                        undo = UndoKind.ASSESSMENT; // if the ED records the assessment's start
                    }
                }
                Planned acknowledgement = null;
                if (acknowledged) {
                    acknowledgement = submit(c, "ACKNOWLEDGED", ackAt, ed, Map.of(), lag(ed), null);
                }
                Instant startedAt = null;
                if (r.nextDouble() < Mix.HANDOVER_STARTED) {
                    Instant earliest = acknowledged ? ackAt : arrivedAt.plusSeconds(30);
                    startedAt = later(earliest, handedOverAt.minus(minutes(3, 15)), 0);
                    submit(c, "HANDOVER_STARTED", startedAt, ed, Map.of(), lag(ed), null);
                }
                // The facts of issue 13 need the arrival recorded before them: only when the officer's phone sends as
                // it goes (or the ED opened the case), and a minute or more after the arrival.
                boolean arrivalFirst = v.phone() == Phone.ONLINE || v.opening() == Opening.ED;
                Duration sinceArrival = max(Duration.ofMinutes(1), fraction(handover, 0.1, 0.8));
                if (arrivalFirst && r.nextDouble() < Mix.ASSESSMENT_STARTED) {
                    c.tag("assessment-started");
                    Map<String, Object> assessment = new LinkedHashMap<>();
                    if (r.nextDouble() >= Mix.ASSESSMENT_MODE_NOT_SAID) {
                        assessment.put("assessmentMode", r.nextDouble() < 0.75 ? "IN_PERSON" : "REMOTE");
                    }
                    Instant assessedAt = arrivedAt.plus(min(sinceArrival, fraction(handover, 0.9, 0.95)));
                    Planned assessed = submit(c, "ASSESSMENT_STARTED", assessedAt, ed, assessment, lag(ed), null);
                    if (undo == UndoKind.ASSESSMENT) {
                        // The nurse started the assessment on the wrong row, undoes it and records it again.
                        undos.add(new Undo(
                                c,
                                undo,
                                assessed,
                                assessed,
                                ed,
                                undoSubmission("ASSESSMENT_STARTED", assessedAt, ed, assessment),
                                List.of("CLEARED")));
                    }
                }
                if (arrivalFirst && handover.toMinutes() > 60 && r.nextDouble() < Mix.DELAY_REASONS) {
                    c.tag("delay-reasons");
                    int reasons = 1 + r.nextInt(2);
                    String code = null;
                    for (int i = 0; i < reasons; i++) {
                        code = DELAY_CODES.get(r.nextInt(DELAY_CODES.size()));
                        Map<String, Object> delay = new LinkedHashMap<>();
                        delay.put("delayReason", code);
                        if (r.nextDouble() < 0.3) {
                            delay.put("note", "no bed in the receiving unit yet");
                        }
                        submit(
                                c,
                                "DELAY_REASON_RECORDED",
                                arrivedAt.plus(fraction(handover, 0.3, 0.6)),
                                ed,
                                delay,
                                lag(ed),
                                null);
                    }
                    if (r.nextDouble() < Mix.DELAY_REASON_AGAIN) {
                        c.tag("delay-reason-again");
                        submit(
                                c,
                                "DELAY_REASON_RECORDED",
                                arrivedAt.plus(fraction(handover, 0.7, 0.9)),
                                ed,
                                Map.of("delayReason", code),
                                lag(ed),
                                null);
                    }
                }
                Integer officersAfterLeaving = null;
                if (arrivalFirst
                        && v.count() != null
                        && v.count() >= 2
                        && handover.toMinutes() > 5
                        && r.nextDouble() < Mix.OFFICERS_LEAVE) {
                    c.tag("officer-count-changed");
                    officersAfterLeaving = v.count() - 1;
                    submit(
                            c,
                            "OFFICER_RELEASED",
                            arrivedAt.plus(fraction(handover, 0.2, 0.6)),
                            ed,
                            Map.of("officerCount", officersAfterLeaving),
                            lag(ed),
                            null);
                }
                Planned handed = submit(c, "HANDED_OVER", handedOverAt, ed, Map.of(), lag(ed), null);
                if (undo == UndoKind.ACKNOWLEDGEMENT) {
                    // Acknowledged on the wrong row: undone a minute later, then recorded again at its time, or
                    // never again (the handover implies it).
                    Submission again = ud.nextDouble() < Mix.ACKNOWLEDGED_AGAIN
                            ? undoSubmission("ACKNOWLEDGED", ackAt, ed, Map.of())
                            : null;
                    undos.add(new Undo(
                            c,
                            undo,
                            acknowledgement,
                            acknowledgement,
                            ed,
                            again,
                            List.of("HANDOVER_STARTED", "HANDED_OVER", "CLEARED")));
                } else if (undo == UndoKind.NOT_OWN) {
                    User other = null;
                    for (int i = 0; i < 5 && other == null; i++) {
                        User nurse = world.edStaff(site.code(), ud);
                        other = nurse.userId().equals(ed.userId()) ? null : nurse;
                    }
                    if (other != null) {
                        undos.add(new Undo(c, undo, acknowledgement, acknowledgement, other, null, List.of()));
                    }
                } else if (undo == UndoKind.AFTER_HANDOVER) {
                    undos.add(new Undo(c, undo, acknowledgement, handed, ed, null, List.of("CLEARED")));
                }
                boolean staleBoard = r.nextDouble() < Mix.STALE_BOARD_ACK;
                if (staleBoard) {
                    c.tag("stale-board-acknowledgement");
                    Instant stale = handedOverAt.plus(minutes(1, 5));
                    submit(
                            c,
                            "ACKNOWLEDGED",
                            stale,
                            ed,
                            Map.of(),
                            stale.plusMillis(500),
                            "acknowledged on a stale board");
                }
                Instant retainedFrom = null;
                Instant clearedAt;
                double retainedChance = "ARREST".equals(v.basis()) ? 0.5 : Mix.RETAINED;
                if (r.nextDouble() < retainedChance) {
                    c.tag("officers-retained");
                    // At least a minute after the handover, so the ED's devices send them in that order.
                    retainedFrom = handedOverAt.plus(minutes(1, 10));
                    Instant releasedAt = retainedFrom.plus(minutes(20, 120));
                    Map<String, Object> retained = new LinkedHashMap<>(reason("risk: the ED asked officers to stay"));
                    putIfNotNull(retained, "officerCount", v.count());
                    submit(c, "OFFICER_RETAINED", retainedFrom, ed, retained, lag(ed), null);
                    submit(c, "OFFICER_RELEASED", releasedAt, ed, Map.of(), lag(ed), null);
                    clearedAt = releasedAt.plus(minutes(2, 10));
                    if (officersAfterLeaving != null) {
                        c.tag("officer-count-changed-twice"); // the retained count is the second change
                    }
                } else {
                    clearedAt = handedOverAt.plus(min(logNormalMinutes(10, 0.6), Duration.ofHours(3)));
                    Duration afterHandover = Duration.between(handedOverAt, clearedAt);
                    if (officersAfterLeaving != null
                            && officersAfterLeaving >= 2
                            && afterHandover.toSeconds() > 60
                            && r.nextDouble() < Mix.SECOND_OFFICER_LEAVES) {
                        c.tag("officer-count-changed-twice");
                        submit(
                                c,
                                "OFFICER_RELEASED",
                                handedOverAt.plus(fraction(afterHandover, 0.2, 0.8)),
                                ed,
                                Map.of("officerCount", officersAfterLeaving - 1),
                                lag(ed),
                                null);
                    }
                }
                boolean cleared = r.nextDouble() >= Mix.NEVER_CLEARED;
                // Issue 14: the officers left without recording it and nobody did; a supervisor closes it later.
                boolean abandoned = cleared && n.nextDouble() < Mix.ABANDONED;
                if (abandoned) {
                    cleared = false;
                }
                // The handover moved 2 to 10 minutes later, seconds after it was recorded: it must stay before the
                // clearance and the first retained period, and no stale board may acknowledge in between.
                if (quick && !staleBoard && r.nextDouble() < 0.4) {
                    Instant corrected = handedOverAt.plus(minutes(2, 10));
                    if (corrected.isBefore(clearedAt) && (retainedFrom == null || !corrected.isAfter(retainedFrom))) {
                        quickHandover = new QuickCorrection(
                                c,
                                User.siteSupervisor(site.code()),
                                "HANDED_OVER",
                                corrected,
                                "handover time entered before the handover was complete");
                        quickCorrections.add(quickHandover);
                        c.tag("quick-corrected-handover");
                    }
                }
                if (longWait && x.nextDouble() < Mix.LEGAL_CLOCK_EXTENDED) {
                    // Before the 24-hour deadline and while the officers are still there (the case is open).
                    Duration latest = min(
                            Duration.ofMinutes(23 * 60 + 30),
                            Duration.between(arrivedAt, clearedAt).minusMinutes(10));
                    Duration extendedAfter = Duration.ofMinutes(18 * 60).plusMillis((long)
                            (x.nextDouble() * latest.minusMinutes(18 * 60).toMillis()));
                    User who = x.nextDouble() < Mix.EXTENDED_BY_SUPERVISOR ? User.siteSupervisor(site.code()) : ed;
                    submit(
                            c,
                            "LEGAL_CLOCK_EXTENDED",
                            arrivedAt.plus(extendedAfter),
                            who,
                            reason("assessment cannot be completed within 24 hours"),
                            reliefLag(who),
                            null);
                    c.tag("legal-clock-extended");
                }
                // Issue 13: relief at shift change. A supervisor of the division hands the case to another division
                // while its officers wait; an officer of the receiving division records the clearance.
                User clearing = officer;
                if (relief
                        && Duration.between(arrivedAt, clearedAt).compareTo(Duration.ofHours(2)) >= 0
                        && world.divisions().size() > 1
                        && x.nextDouble() < Mix.DIVISION_TRANSFERRED) {
                    String to = otherDivision(owner, owner, site);
                    Instant transferredAt = arrivedAt.plus(fraction(Duration.between(arrivedAt, clearedAt), 0.4, 0.8));
                    User supervisor = User.divisionSupervisor(owner);
                    Map<String, Object> transfer = new LinkedHashMap<>();
                    transfer.put("policeDivision", to);
                    transfer.put("reason", "relief at shift change");
                    submit(c, "DIVISION_TRANSFERRED", transferredAt, supervisor, transfer, reliefLag(supervisor), null);
                    c.tag("division-transferred");
                    owner = to;
                    clearing = world.officer(to, x);
                }
                String onClearance = o.nextDouble() < Mix.DISPOSITION_ON_CLEARANCE ? disposition() : null;
                if (abandoned) {
                    c.tag("closed-not-recorded");
                    User supervisor = n.nextDouble() < Mix.CLOSED_BY_SITE
                            ? User.siteSupervisor(site.code())
                            : User.divisionSupervisor(owner);
                    Submission late = n.nextDouble() < Mix.CLEARANCE_AFTER_CLOSING
                            ? closingSubmission("CLEARED", clearedAt, clearing, Map.of())
                                    .asQueuedOffline()
                            : null;
                    closings.add(new Closing(c, supervisor, late, false));
                } else if (!cleared) {
                    c.tag("never-cleared");
                } else {
                    Map<String, Object> clearance = onClearance == null ? Map.of() : Map.of("disposition", onClearance);
                    officerEvents.add(submit(c, "CLEARED", clearedAt, clearing, clearance, lag(clearing), null));
                    closedAt = clearedAt;
                    if (!offline && quickHandover == null && r.nextDouble() < Mix.CORRECT_HANDOVER) {
                        Instant corrected = handedOverAt.plus(minutes(2, 10));
                        if (corrected.isBefore(clearedAt)
                                && (retainedFrom == null || !corrected.isAfter(retainedFrom))) {
                            c.tag("corrected-handover");
                            correction(
                                    c,
                                    User.siteSupervisor(site.code()),
                                    "HANDED_OVER",
                                    corrected,
                                    closedAt,
                                    "handover recorded before it happened");
                        }
                    }
                }
                if (cleared && onClearance != null) {
                    c.tag("disposition-on-clearance");
                }
                if (cleared && n.nextDouble() < Mix.CLOSING_AFTER_CLEARANCE) {
                    c.tag("closing-after-clearance");
                    closings.add(new Closing(c, User.siteSupervisor(site.code()), null, true));
                }
                dispositions(c, site, cleared ? onClearance : null, handedOverAt, v.phone() == Phone.ONLINE);
                handedOverBranch = relief && cleared;
            }
            // A correction must keep rule 3: the arrival may not move before the pre-alert or the removal.
            Instant floor = v.correctionFloor();
            boolean quickArrival = false;
            if (quick && quickHandover == null) {
                Instant corrected = arrivedAt.minus(minutes(3, 20));
                if (floor == null || corrected.isAfter(floor)) {
                    quickCorrections.add(new QuickCorrection(
                            c,
                            User.divisionSupervisor(officer.org()),
                            "ARRIVED",
                            corrected,
                            "arrival entered late at the door"));
                    c.tag("quick-corrected-arrival");
                    quickArrival = true;
                }
            }
            if (closedAt != null && !offline && !quickArrival && r.nextDouble() < Mix.CORRECT_ARRIVAL) {
                Instant corrected = arrivedAt.minus(minutes(3, 20));
                if (floor == null || corrected.isAfter(floor)) {
                    c.tag("corrected-arrival");
                    correction(
                            c, User.divisionSupervisor(owner), "ARRIVED", corrected, closedAt, "arrival recorded late");
                }
            }
            if (handedOverBranch) {
                lateCorrections(c, site, owner, v, arrivedAt);
            }
            if (offline) {
                Instant end = closedAt != null ? closedAt : handedOverAt;
                goOffline(c, officerEvents, arrivedAt, end);
            } else if (v.phone() == Phone.REVERSED) {
                replayReversed(c, officerEvents);
            }
        }

        /**
         * Issue 13: mistakes a supervisor of the owning division corrects once the case is closed, each with a reason:
         * the removal time (recorded when the s297 case was opened without one, else moved earlier), the legal basis,
         * the site (a neighbour the officer's app should have named) and, last because it changes who owns the case,
         * the division.
         */
        private void lateCorrections(ExpectedCase c, World.Site site, String owner, Visit v, Instant arrivedAt) {
            String basis = v.basis();
            Instant removedAt = v.removedAt();
            Instant removalTo = null;
            if ("S297".equals(basis) && removedAt == null && x.nextDouble() < Mix.REMOVAL_RECORDED_LATE) {
                // Before the pre-alert (else the arrival), which an arrival correction never moves before.
                Instant earliest = v.correctionFloor() != null ? v.correctionFloor() : arrivedAt;
                removalTo = earliest.minus(reliefMinutes(25, 60));
                c.tag("removal-recorded-by-correction");
            } else if (removedAt != null && x.nextDouble() < Mix.CORRECT_REMOVAL) {
                removalTo = removedAt.minus(reliefMinutes(5, 30));
                c.tag("corrected-removal");
            }
            if (removalTo != null) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("correctedPoint", "REMOVED");
                details.put("correctedTo", wire(removalTo));
                details.put("reason", "removal time taken from the detention record");
                lateCorrections.add(new LateCorrection(c, User.divisionSupervisor(owner), details));
            }
            if (x.nextDouble() < Mix.CORRECT_LEGAL_BASIS) {
                List<String> others = new ArrayList<>(List.of("S297", "S136", "VOLUNTARY", "ARREST", "OTHER"));
                others.remove(basis);
                lateCorrections.add(new LateCorrection(
                        c,
                        User.divisionSupervisor(owner),
                        Map.of(
                                "correctedLegalBasis",
                                others.get(x.nextInt(others.size())),
                                "reason",
                                "legal basis entered wrongly at the scene")));
                c.tag("corrected-legal-basis");
            }
            if (world.sites().size() > 1 && x.nextDouble() < Mix.CORRECT_SITE) {
                lateCorrections.add(new LateCorrection(
                        c,
                        User.divisionSupervisor(owner),
                        Map.of(
                                "correctedSiteCode",
                                world.divertTarget(site, x).code(),
                                "reason",
                                "the app named the wrong site")));
                c.tag("corrected-site");
            }
            if (world.divisions().size() > 2 && x.nextDouble() < Mix.CORRECT_DIVISION) {
                lateCorrections.add(new LateCorrection(
                        c,
                        User.divisionSupervisor(owner),
                        Map.of(
                                "correctedDivision",
                                otherDivision(owner, v.officer().org(), site),
                                "reason",
                                "the case belongs to the division that detained the person")));
                c.tag("corrected-division");
            }
        }

        /**
         * A division other than {@code owner} and {@code before} (the case never returns to a division that lost it, so
         * whoever lost access keeps losing it): one of the site's catchment when it has one, else any other.
         */
        private String otherDivision(String owner, String before, World.Site site) {
            for (int i = 0; i < 5; i++) {
                String d = world.pickDivision(site, x);
                if (!d.equals(owner) && !d.equals(before)) {
                    return d;
                }
            }
            List<String> others = world.divisions().stream()
                    .filter(d -> !d.equals(owner) && !d.equals(before))
                    .toList();
            return others.isEmpty() ? owner : others.get(x.nextInt(others.size()));
        }

        /**
         * Sends the undo 15 to 75 simulated seconds after the step it follows (the point's own submission, or the
         * handover), and the point again 15 to 60 seconds after that; left out when a submission of the case that would
         * change its verdict ({@link Undo#before}) is sent in between.
         */
        private void planUndo(Undo undo) {
            ExpectedCase c = undo.c();
            Instant at = undo.after().sendAt.plusMillis(15_000 + ud.nextInt(60_000));
            Instant sendAt = at.plusMillis(300 + ud.nextInt(4000));
            Instant againAt = sendAt.plusMillis(15_000 + ud.nextInt(45_000));
            Instant last = undo.again() != null ? againAt : sendAt;
            // An applied undo needs its point to be the latest (nothing later sent before it, even at the same
            // instant); a refusal only needs nothing to change between the step it follows and itself.
            boolean applies = undo.kind() == UndoKind.ACKNOWLEDGEMENT || undo.kind() == UndoKind.ASSESSMENT;
            Instant from = applies ? Instant.MIN : undo.after().sendAt;
            boolean crossed = planned.stream()
                    .filter(p -> p.target == c && p != undo.after() && p != undo.undone() && !p.sendAt.isAfter(last))
                    .anyMatch(p -> ((undo.before().contains(p.submission.type())
                                            || Point.isOutcome(p.submission.type()))
                                    && !p.sendAt.isBefore(from))
                            || (p.submission.type().equals("CORRECTED") && !p.sendAt.isBefore(undo.undone().sendAt)));
            if (crossed) {
                return;
            }
            String intent = switch (undo.kind()) {
                case ACKNOWLEDGEMENT, ASSESSMENT -> null;
                case NOT_OWN -> "another nurse of the site undoes someone else's acknowledgement (UNDO_NOT_OWN)";
                case AFTER_HANDOVER ->
                    "the nurse undoes their acknowledgement once the handover is recorded (UNDO_NOT_LATEST)";
            };
            c.tag(
                    switch (undo.kind()) {
                        case ACKNOWLEDGEMENT -> "undone-acknowledgement";
                        case ASSESSMENT -> "undone-assessment";
                        case NOT_OWN -> "undo-not-own";
                        case AFTER_HANDOVER -> "undo-after-handover";
                    });
            Planned undone = new Planned(
                    c,
                    undoSubmission(
                            "ACTION_UNDONE",
                            at,
                            undo.who(),
                            Map.of("undoneEventId", undo.undone().submission.eventId())),
                    at,
                    sendAt,
                    sequence++);
            undone.intent = intent;
            planned.add(undone);
            if (undo.again() != null) {
                if (undo.kind() == UndoKind.ACKNOWLEDGEMENT) {
                    c.tag("acknowledged-again");
                }
                planned.add(new Planned(c, undo.again(), undo.undone().occurredSim, againAt, sequence++));
            }
        }

        /** A submission of the undos, its eventId from their own generator. */
        private Submission undoSubmission(String type, Instant occurredAt, User user, Map<String, Object> details) {
            return new Submission(
                    new UUID(ud.nextLong(), ud.nextLong()).toString(), type, wire(occurredAt), user, details, false);
        }

        private Duration closingMinutes(double from, double to) {
            return Duration.ofMillis((long) ((from + n.nextDouble() * (to - from)) * 60_000));
        }

        /** A submission of issue 14's closings, its eventId from their own generator. */
        private Submission closingSubmission(String type, Instant occurredAt, User user, Map<String, Object> details) {
            return new Submission(
                    new UUID(n.nextLong(), n.nextLong()).toString(), type, wire(occurredAt), user, details, false);
        }

        private Duration reliefMinutes(double from, double to) {
            return Duration.ofMillis((long) ((from + x.nextDouble() * (to - from)) * 60_000));
        }

        private long reliefLag(User user) {
            return user.role().equals(User.ED_STAFF) ? 300 + x.nextInt(4000) : 500 + x.nextInt(15_000);
        }

        /**
         * Issue 13: ED staff record what happened to the person some time after the handover (or the end without
         * one), often after the case closed; now and then a supervisor of the site corrects the disposition later
         * with a reason. {@code recorded} is a disposition already recorded (the officer's clearance form), or null.
         * Only when the officer's phone was online: an offline officer's arrival reaches the platform late, and a
         * disposition judged before any arrival is refused (which the ground truth would expect, but it is not an
         * ordinary step).
         */
        private void dispositions(ExpectedCase c, World.Site site, String recorded, Instant from, boolean online) {
            if (!online) {
                return;
            }
            String latest = recorded;
            Instant last = from;
            if (o.nextDouble() < Mix.DISPOSITION_BY_ED) {
                User ed = world.edStaff(site.code(), o);
                latest = disposition();
                last = from.plus(outcomeMinutes(10, 360));
                submit(c, "DISPOSITION_RECORDED", last, ed, Map.of("disposition", latest), outcomeLag(ed), null);
                c.tag("disposition-by-ed");
            }
            if (latest != null && o.nextDouble() < Mix.DISPOSITION_CORRECTED) {
                String corrected = disposition();
                while (corrected.equals(latest)) {
                    corrected = disposition();
                }
                User supervisor = User.siteSupervisor(site.code());
                Instant at = last.plus(outcomeMinutes(30, 48 * 60));
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("disposition", corrected);
                details.put("reason", "disposition recorded against the wrong attendance");
                submit(c, "DISPOSITION_RECORDED", at, supervisor, details, outcomeLag(supervisor), null);
                c.tag("disposition-corrected");
            }
        }

        /** A disposition code, roughly as often as each happens after a police conveyance for mental health. */
        private String disposition() {
            double u = o.nextDouble();
            return u < 0.38
                    ? "DISCHARGED"
                    : u < 0.58
                            ? "REFERRED_COMMUNITY_MENTAL_HEALTH"
                            : u < 0.73
                                    ? "ADMITTED_INFORMAL"
                                    : u < 0.83 ? "ADMITTED_DETAINED" : u < 0.95 ? "REFERRED_DBI" : "OTHER";
        }

        /** A referral pathway: NHS 24's mental health hub most often, then DBI. */
        private String pathway() {
            double u = o.nextDouble();
            return u < 0.6 ? "NHS24_MENTAL_HEALTH_HUB" : u < 0.9 ? "DBI" : "OTHER";
        }

        private Duration outcomeMinutes(double from, double to) {
            return Duration.ofMillis((long) ((from + o.nextDouble() * (to - from)) * 60_000));
        }

        private long outcomeLag(User user) {
            return user.role().equals(User.ED_STAFF) ? 300 + o.nextInt(4000) : 500 + o.nextInt(15_000);
        }

        private void correction(
                ExpectedCase c, User supervisor, String point, Instant correctedTo, Instant closedAt, String why) {
            Instant at = closedAt.plus(minutes(30, 36 * 60));
            submit(c, "CORRECTED", at, supervisor, corrected(point, correctedTo, why), lag(supervisor), null);
        }

        private Map<String, Object> corrected(String point, Instant correctedTo, String why) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("correctedPoint", point);
            details.put("correctedTo", wire(correctedTo));
            details.put("reason", why);
            return details;
        }

        /**
         * The officer's phone loses signal from just before arrival until {@code reconnect}: everything it recorded
         * meanwhile is queued and sent in one burst, in order, with the original occurredAt and eventIds.
         */
        private void goOffline(ExpectedCase c, List<Planned> officerEvents, Instant arrivedAt, Instant end) {
            c.tag("offline-officer");
            Instant offlineFrom = arrivedAt.minus(minutes(1, 3));
            Instant reconnect = later(arrivedAt.plus(Duration.ofMinutes(10)), end.plus(minutes(-20, 90)), 0);
            Instant burst = reconnect;
            for (Planned p : officerEvents) {
                if (!p.occurredSim.isBefore(offlineFrom) && !p.occurredSim.isAfter(reconnect)) {
                    burst = burst.plusMillis(200 + r.nextInt(1200));
                    p.submission = p.submission.asQueuedOffline();
                    p.sendAt = burst;
                }
            }
            if (r.nextDouble() < Mix.OFFLINE_RESENDS_PRE_ALERT) {
                planned.stream()
                        .filter(p -> p.target == c && p.submission.type().equals("PRE_ALERTED"))
                        .findFirst()
                        .ifPresent(p -> {
                            Planned again = new Planned(
                                    c,
                                    p.submission.asQueuedOffline(),
                                    p.occurredSim,
                                    reconnect.minusMillis(100),
                                    sequence++);
                            again.resend = true;
                            again.intent = "the offline queue resends the pre-alert it never got an answer for";
                            planned.add(again);
                        });
            }
        }

        /**
         * The officer's phone had no signal for the whole case (pre-alert included): after the last thing the officer
         * recorded it sends its queue in one burst, last event first. Until the opening (the pre-alert, or the
         * walk-in's arrival), the last of the burst, every submission for the case is held, the ED's included; the
         * opening releases them in the order they were received.
         */
        private void replayReversed(ExpectedCase c, List<Planned> officerEvents) {
            c.tag("reverse-replay");
            List<Planned> queue = new ArrayList<>(officerEvents);
            queue.sort(Comparator.comparing((Planned p) -> p.occurredSim).thenComparingInt(p -> p.sequence));
            Instant burst = queue.get(queue.size() - 1).occurredSim.plus(minutes(2, 25));
            for (int i = queue.size() - 1; i >= 0; i--) {
                Planned p = queue.get(i);
                burst = burst.plusMillis(200 + r.nextInt(1200));
                p.submission = p.submission.asQueuedOffline();
                p.sendAt = burst;
                p.scenario = Scenario.REVERSE_REPLAY;
            }
        }

        private Chain finish() {
            // The officer's app restarted and re-created its last event under a new eventId: the same fact (rule 1).
            if (r.nextDouble() < Mix.SAME_FACT_TWICE) {
                planned.stream()
                        .filter(p -> p.target == cases.get(0)
                                && p.submission.user().role().equals(User.OFFICER)
                                && (p.submission.type().equals("CLEARED")
                                        || p.submission.type().equals("ARRIVED")))
                        .max(Comparator.comparing((Planned p) -> p.sendAt))
                        .ifPresent(p -> {
                            cases.get(0).tag("same-fact-twice");
                            Submission s = p.submission;
                            Planned again = new Planned(
                                    p.target,
                                    new Submission(
                                            new UUID(r.nextLong(), r.nextLong()).toString(),
                                            s.type(),
                                            s.occurredAt(),
                                            s.user(),
                                            s.details(),
                                            s.queuedOffline()),
                                    p.occurredSim,
                                    p.sendAt.plusMillis(2000 + r.nextInt(58_000)),
                                    sequence++);
                            again.intent = "the app re-created the event under a new eventId: the same fact (R1)";
                            planned.add(again);
                        });
            }
            // Corrections seconds after the event they correct (its last send, once the send times are final).
            for (QuickCorrection q : quickCorrections) {
                Planned corrects = planned.stream()
                        .filter(p -> p.target == q.c() && p.submission.type().equals(q.point()))
                        .max(Comparator.comparing((Planned p) -> p.sendAt))
                        .orElseThrow();
                Instant at = corrects.sendAt.plusMillis(2000 + r.nextInt(18_000));
                Planned correction = submit(
                        q.c(),
                        "CORRECTED",
                        at,
                        q.supervisor(),
                        corrected(q.point(), q.correctedTo(), q.why()),
                        lag(q.supervisor()),
                        null);
                correction.scenario = Scenario.QUICK_CORRECTION;
            }
            // Issue 13: corrections of mistakes, after everything else the case's users sent, one after another.
            for (LateCorrection l : lateCorrections) {
                Instant last = planned.stream()
                        .filter(p -> p.target == l.c())
                        .map(p -> p.sendAt)
                        .max(Comparator.naturalOrder())
                        .orElseThrow();
                Instant at = last.plus(reliefMinutes(20, 240));
                submit(l.c(), "CORRECTED", at, l.supervisor(), l.details(), reliefLag(l.supervisor()), null);
            }
            // ED staff's undos, seconds after the step they follow (once the send times are final).
            for (Undo undo : undos) {
                planUndo(undo);
            }
            // Client retries: some submissions are sent twice with the same eventId.
            List<Planned> retries = new ArrayList<>();
            for (Planned p : planned) {
                if (!p.resend && r.nextDouble() < Mix.RETRY_DUPLICATE) {
                    Planned again = new Planned(
                            p.target,
                            p.submission,
                            p.occurredSim,
                            p.sendAt.plusMillis(1000 + r.nextInt(29_000)),
                            sequence++);
                    again.resend = true;
                    again.intent = "client retry: the same eventId again";
                    again.scenario = p.scenario;
                    retries.add(again);
                }
            }
            planned.addAll(retries);
            planned.sort(Comparator.comparing((Planned p) -> p.sendAt).thenComparingInt(p -> p.sequence));

            // Now and then a case is entered in error by a supervisor after its second submission; nothing follows.
            if (cases.size() == 1 && !reversed && planned.size() > 2 && r.nextDouble() < Mix.ENTERED_IN_ERROR) {
                ExpectedCase c = cases.get(0);
                c.tag("entered-in-error");
                Planned second = planned.get(1);
                Instant at = second.sendAt.plus(minutes(5, 60));
                Planned voiding = new Planned(
                        c,
                        submission(
                                "ENTERED_IN_ERROR",
                                at,
                                User.siteSupervisor(c.siteCode()),
                                reason("duplicate case opened by mistake")),
                        at,
                        at.plusMillis(lag(User.siteSupervisor(c.siteCode()))),
                        sequence++);
                planned.subList(2, planned.size()).clear();
                planned.add(voiding);
            }

            // Issue 14: closures as not recorded, a day or more after the case's last submission, nothing after them
            // but a clearance that comes too late.
            for (Closing k : closings) {
                if (k.c().scenario().contains("entered-in-error")) {
                    continue; // voided: nothing follows
                }
                Instant last = planned.stream()
                        .filter(p -> p.target == k.c())
                        .map(p -> p.sendAt)
                        .max(Comparator.naturalOrder())
                        .orElseThrow();
                Instant at = last.plus(Mix.CLOSING_AFTER).plus(closingMinutes(10, 240));
                Planned closure = new Planned(
                        k.c(),
                        closingSubmission(
                                "CLOSED_NOT_RECORDED",
                                at,
                                k.supervisor(),
                                reason("no end recorded: officers left without clearing and nobody closed it")),
                        at,
                        at.plusMillis(500 + n.nextInt(15_000)),
                        sequence++);
                closure.intent =
                        k.refused() ? "a supervisor closes a cleared case as not recorded (INVALID_TRANSITION)" : null;
                planned.add(closure);
                if (k.lateClearance() != null) {
                    Planned late = new Planned(
                            k.c(),
                            k.lateClearance(),
                            k.lateClearance().occurredAt(),
                            closure.sendAt.plus(closingMinutes(5, 120)),
                            sequence++);
                    late.intent = "the officers' clearance comes after the case was closed as not recorded"
                            + " (INVALID_TRANSITION)";
                    planned.add(late);
                }
            }
            planned.sort(Comparator.comparing((Planned p) -> p.sendAt).thenComparingInt(p -> p.sequence));

            List<Step> steps = new ArrayList<>();
            for (Planned p : planned) {
                Step step = new Step(
                        p.sendAt, time.dueMillis(p.sendAt), p.submission, p.target, p.resend, p.intent, p.scenario);
                step.expected = p.target.judge(p.submission);
                steps.add(step);
            }
            return new Chain(index, steps, cases);
        }

        // -----------------------------------------------------------------------------------------

        private ExpectedCase newCase(String siteCode) {
            ExpectedCase c = new ExpectedCase(new UUID(r.nextLong(), r.nextLong()).toString(), siteCode);
            cases.add(c);
            return c;
        }

        /** The case a diversion opens: the platform chooses its id. */
        private ExpectedCase newLinkedCase(String siteCode) {
            ExpectedCase c = new ExpectedCase(null, siteCode);
            cases.add(c);
            return c;
        }

        private Planned submit(
                ExpectedCase c,
                String type,
                Instant occurredAt,
                User user,
                Map<String, Object> details,
                long lagMillis,
                String intent) {
            return submit(c, type, occurredAt, user, details, occurredAt.plusMillis(lagMillis), intent);
        }

        private Planned submit(
                ExpectedCase c,
                String type,
                Instant occurredAt,
                User user,
                Map<String, Object> details,
                Instant sendAt,
                String intent) {
            Planned p = new Planned(c, submission(type, occurredAt, user, details), occurredAt, sendAt, sequence++);
            p.intent = intent;
            planned.add(p);
            return p;
        }

        private Submission submission(String type, Instant occurredAt, User user, Map<String, Object> details) {
            return new Submission(
                    new UUID(r.nextLong(), r.nextLong()).toString(), type, wire(occurredAt), user, details, false);
        }

        private Instant wire(Instant simulated) {
            return simulated == null ? null : time.wire(simulated);
        }

        private String legalBasis() {
            double u = r.nextDouble();
            return u < 0.62
                    ? "S297"
                    : u < 0.82 ? "VOLUNTARY" : u < 0.88 ? "ARREST" : u < 0.92 ? "S136" : u < 0.97 ? "OTHER" : null;
        }

        private int officerCount() {
            double u = r.nextDouble();
            return u < 0.18 ? 1 : u < 0.83 ? 2 : u < 0.95 ? 3 : 4;
        }

        private String localReference(Instant at) {
            LocalDate day = LocalDate.ofInstant(at, Rhythm.LONDON);
            return String.format(Locale.ROOT, "PS-%s-%04d", REFERENCE_DAY.format(day), 1 + r.nextInt(9999));
        }

        private Map<String, Object> reason(String text) {
            return Map.of("reason", text);
        }

        /** How long a device takes to send what it recorded: the ED board is wired, phones are slower. */
        private long lag(User user) {
            return user.role().equals(User.ED_STAFF) ? 300 + r.nextInt(4000) : 500 + r.nextInt(15_000);
        }

        private Duration minutes(double from, double to) {
            return Duration.ofMillis((long) ((from + r.nextDouble() * (to - from)) * 60_000));
        }

        private Duration fraction(Duration d, double from, double to) {
            return Duration.ofMillis((long) (d.toMillis() * (from + r.nextDouble() * (to - from))));
        }

        private Duration normalMinutes(double mean, double sd) {
            return Duration.ofMillis((long) ((mean + sd * r.nextGaussian()) * 60_000));
        }

        private Duration exponentialMinutes(double mean) {
            return Duration.ofMillis((long) (-Math.log(1 - r.nextDouble()) * mean * 60_000));
        }

        private Duration logNormalMinutes(double median, double sigma) {
            return Duration.ofMillis((long) (median * Math.exp(sigma * r.nextGaussian()) * 60_000));
        }
    }

    /** A submission before ordering: which case it is for, when it happened and when it is sent. */
    private static final class Planned {
        final ExpectedCase target;
        Submission submission;
        final Instant occurredSim;
        Instant sendAt;
        final int sequence;
        boolean resend;
        String intent;
        Scenario scenario;

        Planned(ExpectedCase target, Submission submission, Instant occurredSim, Instant sendAt, int sequence) {
            this.target = target;
            this.submission = submission;
            this.occurredSim = occurredSim;
            this.sendAt = sendAt;
            this.sequence = sequence;
        }
    }

    private static Instant later(Instant a, Instant b, long minGapMillis) {
        Instant floor = a.plusMillis(minGapMillis);
        return b.isAfter(floor) ? b : floor;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
