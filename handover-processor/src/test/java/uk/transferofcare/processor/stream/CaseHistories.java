package uk.transferofcare.processor.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.TimePoint;

/**
 * Realistic, reproducible case histories for integration tests and the benchmark: the paths the domain reference
 * describes (main path with and without pre-alert, cancellations, absconding, diversions, retained officers,
 * corrections, voided cases), with the noise real devices add (resent submissions, a late arrival from another
 * device, an impossible time that is rejected). Historic: every case starts days before {@code start}, so its timer
 * marks are all due when it is processed and fire in the same step as the submission that creates them; the
 * outcome of a run therefore depends only on each case's order of submissions, never on timing.
 */
public final class CaseHistories {

    private static final String[] SITES = {"QEUH", "GRI", "RIE", "ARI", "NW"};
    private static final String[] DIVISIONS = {"G", "E", "A", "N", "D"};

    private CaseHistories() {}

    /** The submissions of {@code cases} cases, in delivery order (each case's own order kept). */
    public static List<HandoverSubmission> generate(long seed, int cases, Instant start) {
        Random random = new Random(seed);
        List<List<HandoverSubmission>> perCase = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            perCase.add(one(random, new UUID(seed, i).toString(), start.plus(Duration.ofMinutes(7L * i))));
        }
        // Interleave the cases as they would reach the platform, keeping each case's order.
        List<HandoverSubmission> delivery = new ArrayList<>();
        int[] next = new int[cases];
        int remaining = perCase.stream().mapToInt(List::size).sum();
        while (remaining > 0) {
            int i = random.nextInt(cases);
            while (next[i] >= perCase.get(i).size()) {
                i = (i + 1) % cases;
            }
            delivery.add(perCase.get(i).get(next[i]++));
            remaining--;
        }
        return delivery;
    }

    private static List<HandoverSubmission> one(Random random, String caseId, Instant t0) {
        String site = SITES[random.nextInt(SITES.length)];
        String division = DIVISIONS[random.nextInt(DIVISIONS.length)];
        Actor officer = new Actor("PC" + (1000 + random.nextInt(9000)), ActorRole.OFFICER, division);
        Actor ed = new Actor("RN" + (100 + random.nextInt(900)), ActorRole.ED_STAFF, site);
        Actor supervisor = new Actor("CN" + (10 + random.nextInt(90)), ActorRole.SUPERVISOR, site);
        Source phone = new Source(SourceChannel.OFFICER_APP, "phone-" + caseId.substring(0, 8), false);
        Source board = new Source(SourceChannel.ED_BOARD, "board-" + site, false);
        LegalBasis basis = LegalBasis.values()[random.nextInt(LegalBasis.values().length)];
        int officers = 1 + random.nextInt(3);
        Cases c = new Cases(random, caseId);

        int path = random.nextInt(100);
        boolean preAlert = random.nextInt(100) < 60;
        Instant removed = t0.minus(Duration.ofMinutes(20 + random.nextInt(60)));
        SubmissionDetails opening = SubmissionDetails.newBuilder()
                .setSiteCode(site)
                .setLegalBasis(basis)
                .setRemovedAt(basis == LegalBasis.S297 ? removed : null)
                .setOfficerCount(officers)
                .build();
        if (preAlert) {
            c.add(EventType.PRE_ALERTED, t0.minus(Duration.ofMinutes(15)), officer, phone, opening);
        }
        if (path < 8 && preAlert) {
            c.add(EventType.CANCELLED, t0.minus(Duration.ofMinutes(5)), officer, phone, reason("stood down"));
            return c.list;
        }
        if (path < 13 && preAlert) {
            c.add(
                    EventType.DIVERTED,
                    t0.minus(Duration.ofMinutes(5)),
                    officer,
                    phone,
                    SubmissionDetails.newBuilder()
                            .setDestinationSiteCode(site.equals("RIE") ? "QEUH" : "RIE")
                            .build());
            return c.list;
        }
        Instant arrived = t0;
        boolean lateArrival = random.nextInt(100) < 10;
        Instant acknowledged = arrived.plus(Duration.ofMinutes(2 + random.nextInt(40)));
        if (!lateArrival) {
            c.add(EventType.ARRIVED, arrived, officer, phone, opening);
        }
        if (random.nextInt(100) < 4) {
            // A device with a wrong clock: a handover before the arrival (rejected, rule 3 or unknown case).
            c.add(EventType.HANDED_OVER, arrived.minus(Duration.ofHours(2)), ed, board, empty());
        }
        c.add(EventType.ACKNOWLEDGED, acknowledged, ed, board, empty());
        if (lateArrival) {
            // The officer's phone was offline: its ARRIVED reaches the platform after the ED's acknowledgement.
            c.add(EventType.ARRIVED, arrived, officer, phone, opening);
        }
        if (path < 23) {
            Instant left = acknowledged.plus(Duration.ofMinutes(5 + random.nextInt(60)));
            c.add(EventType.ABSCONDED, left, officer, phone, empty());
            c.add(EventType.CLEARED, left.plus(Duration.ofMinutes(10)), officer, phone, empty());
            return c.list;
        }
        if (path < 26) {
            c.add(
                    EventType.ENTERED_IN_ERROR,
                    acknowledged.plus(Duration.ofMinutes(1)),
                    supervisor,
                    board,
                    reason("opened twice"));
            return c.list;
        }
        Instant handedOver = acknowledged.plus(Duration.ofMinutes(10 + random.nextInt(150)));
        if (random.nextBoolean()) {
            c.add(EventType.HANDOVER_STARTED, handedOver.minus(Duration.ofMinutes(5)), ed, board, empty());
        }
        c.add(EventType.HANDED_OVER, handedOver, ed, board, empty());
        Instant cleared = handedOver.plus(Duration.ofMinutes(5 + random.nextInt(30)));
        if (path < 36) {
            Instant retained = handedOver.plus(Duration.ofMinutes(2));
            c.add(
                    EventType.OFFICER_RETAINED,
                    retained,
                    ed,
                    board,
                    SubmissionDetails.newBuilder()
                            .setReason("risk of harm")
                            .setOfficerCount(1)
                            .build());
            c.add(EventType.OFFICER_RELEASED, retained.plus(Duration.ofMinutes(40)), ed, board, empty());
            cleared = retained.plus(Duration.ofMinutes(45));
        }
        c.add(EventType.CLEARED, cleared, officer, phone, empty());
        if (path < 46) {
            c.add(
                    EventType.CORRECTED,
                    cleared.plus(Duration.ofMinutes(30)),
                    supervisor,
                    board,
                    SubmissionDetails.newBuilder()
                            .setCorrectedPoint(TimePoint.HANDED_OVER)
                            .setCorrectedTo(handedOver.minus(Duration.ofMinutes(3)))
                            .setReason("board entry late")
                            .build());
        }
        return c.list;
    }

    private static SubmissionDetails empty() {
        return SubmissionDetails.newBuilder().build();
    }

    private static SubmissionDetails reason(String reason) {
        return SubmissionDetails.newBuilder().setReason(reason).build();
    }

    /** One case's submissions, some resent (the same eventId again, as a retrying device does). */
    private static final class Cases {
        final Random random;
        final String caseId;
        final List<HandoverSubmission> list = new ArrayList<>();
        int counter;

        Cases(Random random, String caseId) {
            this.random = random;
            this.caseId = caseId;
        }

        void add(EventType type, Instant occurredAt, Actor actor, Source source, SubmissionDetails details) {
            HandoverSubmission submission = HandoverSubmission.newBuilder()
                    .setEventId(new UUID(caseId.hashCode(), ++counter).toString() + "-" + caseId.substring(0, 8))
                    .setCaseId(caseId)
                    .setType(type)
                    .setOccurredAt(occurredAt)
                    .setReceivedAt(occurredAt.plusSeconds(5 + random.nextInt(60)))
                    .setActor(actor)
                    .setSource(source)
                    .setDetails(details)
                    .build();
            list.add(submission);
            if (random.nextInt(100) < 8) {
                list.add(submission);
            }
        }
    }
}
