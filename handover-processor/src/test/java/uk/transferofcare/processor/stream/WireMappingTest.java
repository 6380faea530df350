package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.stream.WireFixtures.DIVISION;
import static uk.transferofcare.processor.stream.WireFixtures.ED;
import static uk.transferofcare.processor.stream.WireFixtures.ED_SUPERVISOR;
import static uk.transferofcare.processor.stream.WireFixtures.OFFICER;
import static uk.transferofcare.processor.stream.WireFixtures.SITE;
import static uk.transferofcare.processor.stream.WireFixtures.T0;
import static uk.transferofcare.processor.stream.WireFixtures.min;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.Correction;
import uk.transferofcare.events.DataQuality;
import uk.transferofcare.events.Escalation;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Intervals;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.LegalClock;
import uk.transferofcare.events.LegalClockWarning;
import uk.transferofcare.events.PointRecord;
import uk.transferofcare.events.RetainedPeriod;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.events.TimePoints;
import uk.transferofcare.processor.domain.CaseFile;

/** Every field of the wire records filled from the domain, on a case that uses every part of the case file. */
class WireMappingTest {

    private static final String CASE = "case-golden";
    private static final Instant REMOVED = T0.minus(Duration.ofHours(21));
    private static final Instant DEADLINE = T0.plus(Duration.ofHours(3));

    /**
     * The expected records are built with Avro's builders, which copy list defaults through classes Avro 1.12 must
     * trust. The running processor's serdes trust the contract's package before any mapping; run alone, this class
     * must do the same (it failed when it was the first to touch Avro in its JVM).
     */
    @BeforeAll
    static void trustTheContract() {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith(CaseSnapshot.class.getPackageName() + ".")));
    }

    @Test
    void givenARichClearedCase_whenMappedToASnapshot_thenEveryFieldComesFromTheCaseFile() {
        CaseFile file = CaseStoreFormatTest.richCase(false);

        CaseSnapshot snapshot = WireMapping.snapshot(file);

        assertThat(snapshot)
                .usingRecursiveComparison()
                .isEqualTo(CaseSnapshot.newBuilder()
                        .setCaseId(CASE)
                        .setVersion(10)
                        .setState(CaseState.CLEARED)
                        .setOpen(false)
                        .setSiteCode(SITE)
                        .setPoliceDivision(DIVISION)
                        .setLegalBasis(LegalBasis.S297)
                        .setOfficerCount(2)
                        .setLocalReference(null)
                        .setLinkedFromCaseId(null)
                        .setDivertedToCaseId(null)
                        .setDestinationSiteCode(null)
                        .setPoints(new TimePoints(
                                REMOVED, min(-10), null, T0, min(40), null, min(50), min(75), null, null))
                        .setPointRecords(List.of(
                                new PointRecord(
                                        TimePoint.REMOVED, REMOVED, "g1", rcv(-10), OFFICER, false, false, false),
                                new PointRecord(
                                        TimePoint.PRE_ALERTED, min(-10), "g1", rcv(-10), OFFICER, false, false, false),
                                new PointRecord(TimePoint.ARRIVED, T0, "g2", rcv(0), OFFICER, false, false, false),
                                new PointRecord(
                                        TimePoint.ACKNOWLEDGED, min(40), "g4", rcv(40), ED, false, false, false),
                                new PointRecord(TimePoint.HANDED_OVER, min(50), "g5", rcv(50), ED, false, false, false),
                                new PointRecord(
                                        TimePoint.CLEARED, min(75), "g8", rcv(70), OFFICER, false, false, true)))
                        // 2 officers from arrival until OFFICER_RETAINED names 1 at 10:55, 1 until clearance at
                        // 11:15: 2 x 3300 + 1 x 1200 = 7800 officer-seconds.
                        .setIntervals(new Intervals(2400L, 3000L, 1500L, 4500L, 7800L, null))
                        .setEscalationLevel(1)
                        .setEscalations(List.of(new Escalation(1, 30, min(30), rcv(40).plusSeconds(1), true)))
                        .setLegalClock(new LegalClock(
                                LegalBasis.S297,
                                REMOVED,
                                DEADLINE,
                                List.of(new LegalClockWarning(
                                        240, DEADLINE.minus(Duration.ofHours(4)), rcv(-10).plusSeconds(1), true)),
                                null,
                                null,
                                null))
                        .setRetained(List.of(new RetainedPeriod(min(55), min(65), 1, "custody")))
                        .setCorrections(List.of(new Correction(
                                "g9",
                                TimePoint.CLEARED,
                                min(70),
                                min(75),
                                "device clock",
                                ED_SUPERVISOR,
                                rcv(80),
                                false)))
                        .setDelayReasons(List.of())
                        .setOfficerChanges(List.of(new uk.transferofcare.events.OfficerCountChange(
                                min(55), 1, uk.transferofcare.events.EventType.OFFICER_RETAINED, "g6")))
                        .setDataQuality(new DataQuality(false, false, 0, 1, 1, 1))
                        .setDisposition(null)
                        .setDispositions(List.of())
                        .setReferralPathway(null)
                        .setOpenedAt(rcv(-10))
                        .setUpdatedAt(rcv(80))
                        .setLastEventId("g9")
                        .build());
    }

    @Test
    void givenACaseWithAnAssessmentDelayReasonsAndCountChanges_whenMapped_thenSnapshotAndCompletedCaseCarryThem() {
        CaseFile file = CaseStoreFormatTest.richCase(true);

        CompletedCase completed = WireMapping.completed(file);
        CaseSnapshot snapshot = WireMapping.snapshot(file);

        assertThat(completed.getAssessmentStartedAt()).isEqualTo(min(45));
        assertThat(completed.getAssessmentMode()).isEqualTo(uk.transferofcare.events.AssessmentMode.REMOTE);
        assertThat(completed.getArrivalToAssessmentSeconds()).isEqualTo(45 * 60L);
        assertThat(completed.getDelayReasons())
                .containsExactly(
                        uk.transferofcare.events.DelayReason.AWAITING_BED,
                        uk.transferofcare.events.DelayReason.INTOXICATION);
        // 2 officers 10:00-10:20, 1 (released) 10:20-10:55, 1 (retained) 10:55-11:15: 2 x 1200 + 1 x 3300 = 5700.
        assertThat(completed.getOfficerSeconds()).isEqualTo(5700L);
        assertThat(snapshot.getPoints().getAssessmentStartedAt()).isEqualTo(min(45));
        assertThat(snapshot.getIntervals().getArrivalToAssessmentSeconds()).isEqualTo(2700L);
        assertThat(snapshot.getDelayReasons())
                .extracting(r -> r.getReason().name() + "@" + r.getAt() + ":" + r.getNote())
                .containsExactly("AWAITING_BED@" + min(42) + ":no bed in IPCU", "INTOXICATION@" + min(43) + ":null");
        assertThat(snapshot.getOfficerChanges())
                .extracting(c -> c.getType() + ":" + c.getOfficerCount() + "@" + c.getAt())
                .containsExactly("OFFICER_RELEASED:1@" + min(20), "OFFICER_RETAINED:1@" + min(55));
        assertThat(snapshot.getPointRecords())
                .extracting(r -> r.getPoint())
                .contains(uk.transferofcare.events.TimePoint.ASSESSMENT_STARTED);
    }

    @Test
    void givenARichClearedCase_whenMappedToACompletedCase_thenEveryTimePointIntervalAndFlagIsFilled() {
        CaseFile file = CaseStoreFormatTest.richCase(false);

        CompletedCase completed = WireMapping.completed(file);

        assertThat(completed)
                .usingRecursiveComparison()
                .isEqualTo(CompletedCase.newBuilder()
                        .setCaseId(CASE)
                        .setVersion(10)
                        .setOutcome(CaseState.CLEARED)
                        .setSiteCode(SITE)
                        .setPoliceDivision(DIVISION)
                        .setLegalBasis(LegalBasis.S297)
                        .setOfficerCount(2)
                        .setLinkedFromCaseId(null)
                        .setDivertedToCaseId(null)
                        .setFirstEventAt(REMOVED)
                        .setRemovedAt(REMOVED)
                        .setPreAlertedAt(min(-10))
                        .setArrivedAt(T0)
                        .setAcknowledgedAt(min(40))
                        .setHandoverStartedAt(null)
                        .setHandedOverAt(min(50))
                        .setClearedAt(min(75))
                        .setOutcomeAt(null)
                        .setArrivalToAcknowledgedSeconds(2400L)
                        .setHandoverSeconds(3000L)
                        .setHandoverToClearSeconds(1500L)
                        .setTimeAtEdSeconds(4500L)
                        .setOfficerSeconds(7800L)
                        .setRetainedSeconds(600L)
                        .setDelayReasons(List.of())
                        .setMaxEscalationLevel(1)
                        .setLegalClockDeadline(DEADLINE)
                        .setLegalClockBreached(false)
                        .setIncomplete(false)
                        .setAcknowledgedImplied(false)
                        .setCorrected(true)
                        .setLateEvents(0)
                        .setMissingClearance(false)
                        .setComplete(true)
                        .setRecordedAt(rcv(80))
                        .build());
    }

    @Test
    void givenACaseWithDispositions_whenMapped_thenTheSnapshotAndTheCompletedCaseCarryTheStandingOne() {
        CaseFile file = CaseStoreFormatTest.richCase(true);

        CaseSnapshot snapshot = WireMapping.snapshot(file);
        CompletedCase completed = WireMapping.completed(file);

        assertThat(snapshot.getDisposition())
                .isEqualTo(uk.transferofcare.events.Disposition.REFERRED_COMMUNITY_MENTAL_HEALTH);
        assertThat(snapshot.getDispositions())
                .extracting(
                        uk.transferofcare.events.DispositionRecord::getEventId,
                        uk.transferofcare.events.DispositionRecord::getDisposition,
                        uk.transferofcare.events.DispositionRecord::getReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "g8", uk.transferofcare.events.Disposition.DISCHARGED, null),
                        org.assertj.core.groups.Tuple.tuple(
                                "g10", uk.transferofcare.events.Disposition.ADMITTED_INFORMAL, null),
                        org.assertj.core.groups.Tuple.tuple(
                                "g11",
                                uk.transferofcare.events.Disposition.REFERRED_COMMUNITY_MENTAL_HEALTH,
                                "recorded against the wrong case"));
        assertThat(completed.getDisposition())
                .isEqualTo(uk.transferofcare.events.Disposition.REFERRED_COMMUNITY_MENTAL_HEALTH);
        assertThat(completed.getReferralPathway()).isNull();
        assertThat(snapshot.getReferralPathway()).isNull();
    }

    @Test
    void givenASubmissionWithEveryDetail_whenMappedToTheDomainAndBack_thenNothingIsLost() {
        HandoverSubmission wire = HandoverSubmission.newBuilder()
                .setEventId("w1")
                .setCaseId(CASE)
                .setType(EventType.PRE_ALERTED)
                .setOccurredAt(T0)
                .setReceivedAt(rcv(0))
                .setActor(OFFICER)
                .setSource(new Source(SourceChannel.OFFICER_APP, "device-9", true))
                .setDetails(new SubmissionDetails(
                        SITE,
                        LegalBasis.S136,
                        REMOVED,
                        min(15),
                        3,
                        "RIE",
                        "linked-1",
                        TimePoint.ARRIVED,
                        min(2),
                        "a reason",
                        "INC/123-4",
                        "a note",
                        "G",
                        "N",
                        LegalBasis.S297,
                        "RIE",
                        uk.transferofcare.events.Disposition.REFERRED_DBI,
                        uk.transferofcare.events.ReferralPathway.NHS24_MENTAL_HEALTH_HUB,
                        uk.transferofcare.events.AssessmentMode.REMOTE,
                        uk.transferofcare.events.DelayReason.AWAITING_BED,
                        "undone-1"))
                .build();

        HandoverSubmission back = WireMapping.submission(WireMapping.submission(wire));

        assertThat(back).usingRecursiveComparison().isEqualTo(wire);
    }

    private static Instant rcv(long minutes) {
        return min(minutes).plus(WireFixtures.DELIVERY);
    }
}
