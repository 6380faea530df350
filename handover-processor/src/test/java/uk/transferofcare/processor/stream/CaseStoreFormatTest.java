package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.transferofcare.processor.stream.WireFixtures.T0;
import static uk.transferofcare.processor.stream.WireFixtures.arrive;
import static uk.transferofcare.processor.stream.WireFixtures.min;
import static uk.transferofcare.processor.stream.WireFixtures.preAlert;
import static uk.transferofcare.processor.stream.WireFixtures.submit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.processor.domain.Actor;
import uk.transferofcare.processor.domain.CaseFile;
import uk.transferofcare.processor.domain.ClockExtension;
import uk.transferofcare.processor.domain.CorrectedField;
import uk.transferofcare.processor.domain.Correction;
import uk.transferofcare.processor.domain.Decision;
import uk.transferofcare.processor.domain.DelayReasonRecord;
import uk.transferofcare.processor.domain.DispositionRecord;
import uk.transferofcare.processor.domain.DivisionTransfer;
import uk.transferofcare.processor.domain.EscalationMark;
import uk.transferofcare.processor.domain.FieldCorrection;
import uk.transferofcare.processor.domain.HandoverStateMachine;
import uk.transferofcare.processor.domain.LegalClock;
import uk.transferofcare.processor.domain.LegalClockWarningMark;
import uk.transferofcare.processor.domain.OfficerChange;
import uk.transferofcare.processor.domain.PointRecord;
import uk.transferofcare.processor.domain.RetainedPeriod;
import uk.transferofcare.processor.domain.Timeline;
import uk.transferofcare.processor.domain.Verdict;
import uk.transferofcare.processor.domain.Voiding;
import uk.transferofcare.processor.stream.casestore.StoredCaseValue;
import uk.transferofcare.vocabulary.AssessmentMode;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.Disposition;
import uk.transferofcare.vocabulary.ReferralPathway;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/** The case store's value format: lossless, stable (golden files, frozen schema), strict; formats 1-3 still read. */
class CaseStoreFormatTest {

    static final String GOLDEN_FORMAT_3 = "/case-store/format-3.bin";
    static final String GOLDEN_FORMAT_3_EVERY_PART = "/case-store/format-3-every-part.bin";
    static final String GOLDEN_4 = "/case-store/format-4.bin";
    static final String GOLDEN_4_RELIEF = "/case-store/format-4-relief.bin";
    static final String GOLDEN_4_EVERY_PART = "/case-store/format-4-every-part.bin";
    static final String GOLDEN_5 = "/case-store/format-5.bin";
    static final String GOLDEN_5_RELIEF = "/case-store/format-5-relief.bin";
    static final String GOLDEN_5_EVERY_PART = "/case-store/format-5-every-part.bin";
    static final String GOLDEN_6 = "/case-store/format-6.bin";
    static final String GOLDEN_6_RELIEF = "/case-store/format-6-relief.bin";
    static final String GOLDEN_6_EVERY_PART = "/case-store/format-6-every-part.bin";
    static final String GOLDEN_6_NOT_RECORDED = "/case-store/format-6-not-recorded.bin";
    static final String GOLDEN_7 = "/case-store/format-7.bin";
    static final String GOLDEN_7_RELIEF = "/case-store/format-7-relief.bin";
    static final String GOLDEN_7_EVERY_PART = "/case-store/format-7-every-part.bin";
    static final String GOLDEN_7_NOT_RECORDED = "/case-store/format-7-not-recorded.bin";
    static final String GOLDEN_7_UNDONE = "/case-store/format-7-undone.bin";
    private static final String UNDONE_CASE = "case-undone";
    private static final String NOT_RECORDED_CASE = "case-not-recorded";
    private static final String RELIEF_CASE = "case-relief";
    static final String GOLDEN_FORMAT_2 = "/case-store/format-2.json";
    static final String GOLDEN_FORMAT_1 = "/case-store/format-1.json";
    static final Instant GOLDEN_TIMER_DUE_AT = min(60 * 20);
    private static final String CASE = "case-golden";
    private static final String EVERY_PART_CASE = "case-every-part";
    private static final String GUARD = "the stored format changed: bump CaseStoreFormat.FORMAT, keep reading formats"
            + " 1 to 7 (see CaseStoreFormat's evolution rule), and add golden files for the new format";

    /**
     * A case that uses every part format 4 added, through the state machine: an S136 clock extended, a division
     * transfer, a removal time recorded by a correction, a disposition on the clearance form, corrections of the site
     * and the division after clearance.
     */
    static CaseFile reliefCase() {
        return reliefCase(true);
    }

    /** The relief case; {@code disposition}: the clearance form names one (format 5), else as format 4 stored it. */
    static CaseFile reliefCase(boolean disposition) {
        HandoverStateMachine machine = new HandoverStateMachine();
        uk.transferofcare.events.Actor divisionG =
                new uk.transferofcare.events.Actor("CS0001", uk.transferofcare.events.ActorRole.SUPERVISOR, "G");
        uk.transferofcare.events.Actor divisionN =
                new uk.transferofcare.events.Actor("CS0002", uk.transferofcare.events.ActorRole.SUPERVISOR, "N");
        uk.transferofcare.events.Actor officerN =
                new uk.transferofcare.events.Actor("PC2001", uk.transferofcare.events.ActorRole.OFFICER, "N");
        HandoverSubmission[] history = {
            preAlert(RELIEF_CASE, "r1", min(-10))
                    .legalBasis(LegalBasis.S136)
                    .officerCount(2)
                    .build(),
            arrive(RELIEF_CASE, "r2", T0).build(),
            submit(RELIEF_CASE, "r3", EventType.LEGAL_CLOCK_EXTENDED, min(60))
                    .by(WireFixtures.ED)
                    .build(),
            submit(RELIEF_CASE, "r4", EventType.DIVISION_TRANSFERRED, min(90))
                    .by(divisionG)
                    .policeDivision("N")
                    .reason("shift change")
                    .build(),
            submit(RELIEF_CASE, "r5", EventType.CORRECTED, min(95))
                    .by(divisionN)
                    .correction(uk.transferofcare.events.TimePoint.REMOVED, min(-30), "from the incident log")
                    .build(),
            submit(RELIEF_CASE, "r6", EventType.HANDED_OVER, min(100))
                    .by(WireFixtures.ED)
                    .build(),
            submit(RELIEF_CASE, "r7", EventType.CLEARED, min(120))
                    .by(officerN)
                    .disposition(disposition ? uk.transferofcare.events.Disposition.DISCHARGED : null)
                    .build(),
            submit(RELIEF_CASE, "r8", EventType.CORRECTED, min(130))
                    .by(divisionN)
                    .correctedSiteCode("RIE")
                    .reason("wrong site chosen")
                    .build(),
            submit(RELIEF_CASE, "r9", EventType.CORRECTED, min(131))
                    .by(divisionN)
                    .correctedDivision("L")
                    .reason("recorded under the wrong division")
                    .build()
        };
        CaseFile file = null;
        for (HandoverSubmission wire : history) {
            Instant now = wire.getReceivedAt().plusSeconds(1);
            Decision decision = machine.decide(file, WireMapping.submission(wire), now);
            assertThat(decision.verdict()).as(wire.getEventId()).isInstanceOf(Verdict.Applied.class);
            file = machine.tick(decision.caseFile(), now).caseFile();
        }
        return file;
    }

    /** The rich case as formats 1 to 4 stored it (none of format 5's parts): {@link #richCase(boolean)}. */
    static CaseFile richCase() {
        return withoutFormat5Parts(richCase(false));
    }

    /**
     * A case as a format before 5 stored it: without dispositions, referral pathway, assessment mode, delay reasons and
     * officer count changes (the state machine records a change for g6's officerCount today).
     */
    static CaseFile withoutFormat5Parts(CaseFile file) {
        return new CaseFile(
                file.caseId(),
                file.version(),
                file.siteCode(),
                file.policeDivision(),
                file.legalBasis(),
                file.officerCount(),
                file.localReference(),
                file.linkedFromCaseId(),
                file.divertedToCaseId(),
                file.destinationSiteCode(),
                file.eta(),
                file.timeline(),
                file.terminalOutcome(),
                file.voiding(),
                file.retained(),
                file.corrections(),
                file.legalClock(),
                file.escalations(),
                file.legalClockWarnings(),
                file.lateEvents(),
                file.rejectedSubmissions(),
                file.duplicateSubmissions(),
                file.submissions(),
                file.fingerprints(),
                file.openedAt(),
                file.updatedAt(),
                file.lastEventId(),
                file.divisionTransfers(),
                file.fieldCorrections(),
                file.legalClockExtension(),
                List.of(),
                null,
                null,
                List.of(),
                List.of());
    }

    /**
     * A case that uses every part of the case file: all points, verdict kinds, timers, retained, corrections, and
     * with {@code format5Parts} a disposition on CLEARED, one recorded by the ED after closure and a supervisor's
     * correction, an assessment, delay reasons (one twice) and an officer count change, the last ones sent late.
     */
    static CaseFile richCase(boolean format5Parts) {
        HandoverStateMachine machine = new HandoverStateMachine();
        CaseFile file = null;
        WireFixtures.Builder cleared = submit(CASE, "g8", EventType.CLEARED, min(70));
        if (format5Parts) {
            cleared.disposition(uk.transferofcare.events.Disposition.DISCHARGED);
        }
        List<HandoverSubmission> history = new java.util.ArrayList<>(List.of(
                preAlert(CASE, "g1", min(-10))
                        .legalBasis(LegalBasis.S297)
                        .removedAt(T0.minus(Duration.ofHours(21)))
                        .officerCount(2)
                        .build(),
                arrive(CASE, "g2", T0).build(),
                arrive(CASE, "g2", T0).build(),
                submit(CASE, "g3", EventType.HANDED_OVER, min(-30)).build(),
                submit(CASE, "g4", EventType.ACKNOWLEDGED, min(40)).build(),
                submit(CASE, "g5", EventType.HANDED_OVER, min(50)).build(),
                submit(CASE, "g6", EventType.OFFICER_RETAINED, min(55))
                        .reason("custody")
                        .officerCount(1)
                        .build(),
                submit(CASE, "g7", EventType.OFFICER_RELEASED, min(65)).build(),
                cleared.build(),
                submit(CASE, "g9", EventType.CORRECTED, min(80))
                        .correction(uk.transferofcare.events.TimePoint.CLEARED, min(75), "device clock")
                        .build()));
        if (format5Parts) {
            history.add(submit(CASE, "g10", EventType.DISPOSITION_RECORDED, min(85))
                    .disposition(uk.transferofcare.events.Disposition.ADMITTED_INFORMAL)
                    .build());
            history.add(submit(CASE, "g11", EventType.DISPOSITION_RECORDED, min(95))
                    .by(WireFixtures.ED_SUPERVISOR)
                    .disposition(uk.transferofcare.events.Disposition.REFERRED_COMMUNITY_MENTAL_HEALTH)
                    .reason("recorded against the wrong case")
                    .build());
            history.add(submit(CASE, "g12", EventType.ASSESSMENT_STARTED, min(45))
                    .by(WireFixtures.ED)
                    .assessmentMode(uk.transferofcare.events.AssessmentMode.REMOTE)
                    .build());
            history.add(submit(CASE, "g13", EventType.DELAY_REASON_RECORDED, min(42))
                    .by(WireFixtures.ED)
                    .delayReason(uk.transferofcare.events.DelayReason.AWAITING_BED)
                    .note("no bed in IPCU")
                    .build());
            history.add(submit(CASE, "g14", EventType.DELAY_REASON_RECORDED, min(43))
                    .by(WireFixtures.ED)
                    .delayReason(uk.transferofcare.events.DelayReason.INTOXICATION)
                    .build());
            history.add(submit(CASE, "g15", EventType.DELAY_REASON_RECORDED, min(44))
                    .by(WireFixtures.ED)
                    .delayReason(uk.transferofcare.events.DelayReason.AWAITING_BED)
                    .build());
            history.add(submit(CASE, "g16", EventType.OFFICER_RELEASED, min(20))
                    .officerCount(1)
                    .build());
        }
        for (HandoverSubmission wire : history) {
            Instant now = wire.getReceivedAt().plusSeconds(1);
            Decision decision = machine.decide(file, WireMapping.submission(wire), now);
            file = machine.tick(decision.caseFile(), now).caseFile();
        }
        return file;
    }

    /**
     * A case made by hand with every optional part set and every kind of value the format treats apart: HELD and
     * DUPLICATE verdicts (one naming an eventId without a verdict), a rejection without a field, eventIds that are
     * canonical UUIDs, UUIDs in capitals, other text, references to eventIds that have no verdict, fingerprints that
     * are 32 lowercase hex digits, other text, missing, and one of an eventId without a verdict; void, diverted, an
     * open retained period, a legal clock that is not running, and no timer entry.
     */
    static CaseFile everyOptionalPartOfFormat3() {
        String opening = "3f1c2a9e-8b7d-4c6e-9a5b-0d1e2f3a4b5c";
        String capitals = "7D444840-9DC0-11D1-B245-5FFDCE74FAD2";
        Actor officer = new Actor("PC1234", Role.OFFICER, "G");
        Actor ed = new Actor("RN0045", Role.ED_STAFF, "QEUH");
        Actor supervisor = new Actor("CN0001", Role.SUPERVISOR, "QEUH");
        Map<TimePoint, PointRecord> records = new EnumMap<>(TimePoint.class);
        records.put(
                TimePoint.PRE_ALERTED,
                new PointRecord(
                        TimePoint.PRE_ALERTED, min(-10), opening, min(-9), Actor.PROCESSOR, false, false, false));
        records.put(
                TimePoint.ARRIVED,
                new PointRecord(TimePoint.ARRIVED, T0, "e-arrived", min(25), officer, false, true, false));
        records.put(
                TimePoint.ACKNOWLEDGED,
                new PointRecord(
                        TimePoint.ACKNOWLEDGED, min(18), "e-corrected-elsewhere", min(21), ed, true, false, true));
        records.put(
                TimePoint.HANDED_OVER,
                new PointRecord(TimePoint.HANDED_OVER, min(20), "e-handed", min(21), ed, false, false, false));
        records.put(
                TimePoint.OUTCOME,
                new PointRecord(TimePoint.OUTCOME, min(40), "e-diverted", min(41), officer, false, false, false));
        Map<String, Verdict> submissions = new LinkedHashMap<>();
        submissions.put(opening, new Verdict.Applied(1));
        submissions.put("e-arrived", new Verdict.Applied(2));
        submissions.put(
                capitals, new Verdict.Duplicate(RuleCode.R1_DUPLICATE, "R1_DUPLICATE: same as e-arrived", "e-arrived"));
        submissions.put(
                "e-early",
                new Verdict.Rejected(RuleCode.R3_ORDER, "R3_ORDER: before ARRIVED", TimePoint.ARRIVED, null));
        submissions.put(
                "e-foreign",
                new Verdict.Rejected(RuleCode.NOT_PERMITTED, "NOT_PERMITTED: another division", null, "caseId"));
        submissions.put("e-held", new Verdict.Held("held until the case opens", min(24 * 60)));
        submissions.put(
                "e-again",
                new Verdict.Duplicate(
                        RuleCode.R1_DUPLICATE,
                        "R1_DUPLICATE: same as an earlier event",
                        "b5a0e7f2-1c3d-4e5f-8a9b-0c1d2e3f4a5b"));
        submissions.put("e-handed", new Verdict.Applied(3));
        submissions.put("e-diverted", new Verdict.Applied(4));
        submissions.put("e-void", new Verdict.Applied(5));
        Map<String, String> fingerprints = new LinkedHashMap<>();
        fingerprints.put(opening, "db83624cf1fdea22ba9766d328efc066");
        fingerprints.put("e-arrived", "9B8B3BFE0BCB546CA48A8B7D3E529552");
        fingerprints.put(capitals, "4dec0f0409c4d94fd989966bb2f3ea4e4dec0f0409c4d94fd989966bb2f3ea4e");
        fingerprints.put("e-foreign", "not hex at all");
        fingerprints.put("e-handed", "a9c7a75fe00f7b1f5a585764df7f7b29");
        fingerprints.put("e-no-verdict", "caebf6be31d1067149fb6c40d8a0240f");
        return new CaseFile(
                EVERY_PART_CASE,
                5,
                "QEUH",
                null,
                null,
                null,
                "INC-0042",
                "0f8fad5b-d9cb-469f-a165-70867728950e",
                "case-at-another-site",
                "RIE",
                min(12),
                new Timeline(records),
                CaseState.DIVERTED,
                new Voiding("e-void", min(50), "opened twice", supervisor, min(51)),
                List.of(
                        new RetainedPeriod(min(22), min(30), 2, "custody", "e-handed", "e-released-elsewhere"),
                        new RetainedPeriod(min(31), null, null, null, "e-retained-elsewhere", null)),
                List.of(new Correction(
                        "e-corrected-elsewhere",
                        TimePoint.ACKNOWLEDGED,
                        min(20),
                        min(18),
                        "board entry late",
                        supervisor,
                        min(45))),
                new LegalClock(uk.transferofcare.vocabulary.LegalBasis.S297, TimePoint.REMOVED, null, null),
                List.of(
                        new EscalationMark(
                                1, 30, min(30), min(30).plusMillis(7), false, "f47ac10b-58cc-4372-a567-0e02b2c3d479"),
                        new EscalationMark(2, 60, min(60), min(61), true, "escalation-2")),
                List.of(new LegalClockWarningMark(
                        60, min(300), min(240), min(241), true, "e1b9c8d7-6a5f-4e3d-8c2b-1a0f9e8d7c6b")),
                1,
                2,
                2,
                submissions,
                fingerprints,
                min(-9),
                min(51),
                "e-void",
                List.of(),
                List.of(),
                null,
                List.of(),
                null,
                null,
                List.of(),
                List.of());
    }

    /**
     * {@link #everyOptionalPartOfFormat3()} with every part format 4 added: a transfer from no division, field
     * corrections from an unknown value, a correction without a previous instant, an extended legal clock.
     */
    static CaseFile everyOptionalPart() {
        CaseFile old = everyOptionalPartOfFormat3();
        Actor supervisor = new Actor("CS0001", Role.SUPERVISOR, "G");
        Actor ed = new Actor("RN0045", Role.ED_STAFF, "QEUH");
        Actor edSupervisor = new Actor("CN0001", Role.SUPERVISOR, "QEUH");
        List<Correction> corrections = new java.util.ArrayList<>(old.corrections());
        corrections.add(new Correction(
                "e-removed-by-correction", TimePoint.REMOVED, null, min(-40), "from the log", supervisor, min(46)));
        return new CaseFile(
                old.caseId(),
                old.version(),
                old.siteCode(),
                "N",
                uk.transferofcare.vocabulary.LegalBasis.S136,
                old.officerCount(),
                old.localReference(),
                old.linkedFromCaseId(),
                old.divertedToCaseId(),
                old.destinationSiteCode(),
                old.eta(),
                old.timeline(),
                old.terminalOutcome(),
                old.voiding(),
                old.retained(),
                corrections,
                new LegalClock(
                        uk.transferofcare.vocabulary.LegalBasis.S136,
                        TimePoint.ARRIVED,
                        T0,
                        T0.plus(Duration.ofHours(36)),
                        min(30),
                        supervisor,
                        T0.plus(Duration.ofHours(24))),
                old.escalations(),
                old.legalClockWarnings(),
                old.lateEvents(),
                old.rejectedSubmissions(),
                old.duplicateSubmissions(),
                old.submissions(),
                old.fingerprints(),
                old.openedAt(),
                old.updatedAt(),
                old.lastEventId(),
                List.of(
                        new DivisionTransfer("e-arrived", null, "G", min(5), "opened without one", supervisor, min(6)),
                        new DivisionTransfer(
                                "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
                                "G",
                                "N",
                                min(7),
                                "relief",
                                supervisor,
                                min(8))),
                List.of(
                        new FieldCorrection(
                                "e-handed",
                                CorrectedField.LEGAL_BASIS,
                                null,
                                "S136",
                                "basis missing",
                                supervisor,
                                min(9)),
                        new FieldCorrection(
                                "e-site-fix",
                                CorrectedField.SITE_CODE,
                                "RIE",
                                "QEUH",
                                "wrong site",
                                supervisor,
                                min(10))),
                new ClockExtension("e-extended", min(30), supervisor, min(31)),
                List.of(
                        new DispositionRecord("e-handed", 3, Disposition.ADMITTED_INFORMAL, min(20), ed, null, min(21)),
                        new DispositionRecord(
                                "e-disposition-elsewhere",
                                6,
                                Disposition.REFERRED_DBI,
                                min(45),
                                edSupervisor,
                                "recorded wrongly",
                                min(46))),
                ReferralPathway.DBI,
                AssessmentMode.IN_PERSON,
                List.of(
                        new DelayReasonRecord(
                                DelayReason.AWAITING_MENTAL_HEALTH_OFFICER,
                                min(5),
                                "MHO on call",
                                "3f1c2a9e-8b7d-4c6e-9a5b-0d1e2f3a4b5c",
                                ed,
                                min(6)),
                        new DelayReasonRecord(
                                DelayReason.STAFFING, min(7), null, "e-delay-elsewhere", supervisor, min(8))),
                List.of(
                        new OfficerChange(
                                min(9), 1, uk.transferofcare.vocabulary.EventType.OFFICER_RELEASED, "e-arrived"),
                        new OfficerChange(
                                min(10),
                                2,
                                uk.transferofcare.vocabulary.EventType.OFFICER_RETAINED,
                                "e-change-elsewhere")));
    }

    @Test
    void givenACaseUsingEveryPartOfTheCaseFile_whenEncodedAndDecoded_thenItIsEqual() {
        CaseFile file = richCase(true);
        assertThat(file.dispositions()).hasSize(3);
        assertThat(file.assessmentMode()).isEqualTo(AssessmentMode.REMOTE);
        assertThat(file.timeline().has(TimePoint.ASSESSMENT_STARTED)).isTrue();
        assertThat(file.delayReasons())
                .extracting(DelayReasonRecord::reason)
                .containsExactly(DelayReason.AWAITING_BED, DelayReason.INTOXICATION);
        assertThat(file.officerChanges()).hasSize(2);
        assertThat(file.disposition()).isEqualTo(Disposition.REFERRED_COMMUNITY_MENTAL_HEALTH);
        assertThat(file.submissions().values())
                .hasAtLeastOneElementOfType(Verdict.Applied.class)
                .hasAtLeastOneElementOfType(Verdict.Rejected.class);
        assertThat(file.duplicateSubmissions()).isEqualTo(1);
        assertThat(file.escalations()).isNotEmpty();
        assertThat(file.legalClockWarnings()).isNotEmpty();
        assertThat(file.retained()).isNotEmpty();
        assertThat(file.corrections()).isNotEmpty();
        StoredCase stored = new StoredCase(file, GOLDEN_TIMER_DUE_AT);

        byte[] encoded = CaseStoreFormat.encode(stored);

        assertThat(encoded[0]).isEqualTo((byte) 7);
        assertThat(CaseStoreFormat.decode(CASE, encoded)).isEqualTo(stored);
    }

    @Test
    void givenTheReliefCaseWithADisposition_whenEncodedAndDecoded_thenItIsEqual() {
        CaseFile file = reliefCase();
        assertThat(file.divisionTransfers()).hasSize(1);
        assertThat(file.fieldCorrections()).hasSize(2);
        assertThat(file.legalClockExtension()).isNotNull();
        assertThat(file.legalClock().isExtended()).isTrue();
        assertThat(file.disposition()).isEqualTo(Disposition.DISCHARGED);
        assertThat(file.corrections())
                .singleElement()
                .extracting(Correction::from)
                .isNull();
        StoredCase stored = new StoredCase(file, null);

        assertThat(CaseStoreFormat.decode(RELIEF_CASE, CaseStoreFormat.encode(stored)))
                .isEqualTo(stored);
    }

    @Test
    void givenACaseWithEveryOptionalPartSet_whenEncodedAndDecoded_thenItIsEqual() {
        StoredCase stored = new StoredCase(everyOptionalPart(), null);

        StoredCase decoded = CaseStoreFormat.decode(EVERY_PART_CASE, CaseStoreFormat.encode(stored));

        assertThat(decoded).isEqualTo(stored);
        assertThat(decoded.caseFile().submissions().keySet())
                .containsExactlyElementsOf(stored.caseFile().submissions().keySet());
    }

    @Test
    void givenTheGoldenValueOfFormatThree_whenDecoded_thenItIsTheRichCaseAndItIsStoredAgainAsFormatSeven() {
        byte[] golden = golden(GOLDEN_FORMAT_3, null);

        StoredCase decoded = CaseStoreFormat.decode(CASE, golden);

        assertThat(decoded).isEqualTo(new StoredCase(richCase(), GOLDEN_TIMER_DUE_AT));
        assertThat(decoded.caseFile().divisionTransfers()).isEmpty();
        assertThat(decoded.caseFile().fieldCorrections()).isEmpty();
        assertThat(decoded.caseFile().legalClockExtension()).isNull();
        assertThat(decoded.caseFile().dispositions()).isEmpty();
        assertThat(decoded.caseFile().referralPathway()).isNull();
        byte[] again = CaseStoreFormat.encode(decoded);
        assertThat(again[0]).isEqualTo((byte) 7);
        assertThat(CaseStoreFormat.decode(CASE, again)).isEqualTo(decoded);
    }

    @Test
    void givenTheGoldenValueOfFormatThreeWithEveryOptionalPart_whenDecoded_thenItIsThatCase() {
        StoredCase expected = new StoredCase(everyOptionalPartOfFormat3(), null);

        StoredCase decoded = CaseStoreFormat.decode(EVERY_PART_CASE, golden(GOLDEN_FORMAT_3_EVERY_PART, null));

        assertThat(decoded).isEqualTo(expected);
        assertThat(decoded.caseFile().dispositions()).isEmpty();
        assertThat(decoded.caseFile().referralPathway()).isNull();
        assertThat(decoded.caseFile().divisionTransfers()).isEmpty();
        assertThat(CaseStoreFormat.decode(EVERY_PART_CASE, CaseStoreFormat.encode(decoded)))
                .isEqualTo(expected);
    }

    @Test
    void givenTheGoldenValuesOfFormatFour_whenDecoded_thenTheyAreTheirCasesWithoutFormatFiveParts() {
        StoredCase rich = new StoredCase(richCase(), GOLDEN_TIMER_DUE_AT);
        StoredCase relief = new StoredCase(withoutFormat5Parts(reliefCase(false)), null);
        StoredCase everyPart = new StoredCase(withoutFormat5Parts(everyOptionalPart()), null);

        StoredCase decodedRich = CaseStoreFormat.decode(CASE, golden(GOLDEN_4, null));
        StoredCase decodedRelief = CaseStoreFormat.decode(RELIEF_CASE, golden(GOLDEN_4_RELIEF, null));
        StoredCase decodedEveryPart = CaseStoreFormat.decode(EVERY_PART_CASE, golden(GOLDEN_4_EVERY_PART, null));

        assertThat(decodedRich).isEqualTo(rich);
        assertThat(decodedRelief).isEqualTo(relief);
        assertThat(decodedRelief.caseFile().divisionTransfers()).hasSize(1);
        assertThat(decodedEveryPart).isEqualTo(everyPart);
        assertThat(decodedEveryPart.caseFile().fieldCorrections()).hasSize(2);
        byte[] again = CaseStoreFormat.encode(decodedEveryPart);
        assertThat(again[0]).isEqualTo((byte) 7);
        assertThat(CaseStoreFormat.decode(EVERY_PART_CASE, again)).isEqualTo(everyPart);
    }

    @Test
    void givenTheGoldenValuesOfFormatFive_whenDecoded_thenTheyAreTheirCasesAndAreStoredAgainAsFormatSeven() {
        StoredCase rich = new StoredCase(richCase(true), GOLDEN_TIMER_DUE_AT);
        StoredCase relief = new StoredCase(reliefCase(), null);
        StoredCase everyPart = new StoredCase(everyOptionalPart(), null);

        StoredCase decodedRich = CaseStoreFormat.decode(CASE, golden(GOLDEN_5, null));
        StoredCase decodedRelief = CaseStoreFormat.decode(RELIEF_CASE, golden(GOLDEN_5_RELIEF, null));
        StoredCase decodedEveryPart = CaseStoreFormat.decode(EVERY_PART_CASE, golden(GOLDEN_5_EVERY_PART, null));

        assertThat(decodedRich).isEqualTo(rich);
        assertThat(decodedRelief).isEqualTo(relief);
        assertThat(decodedEveryPart).isEqualTo(everyPart);
        byte[] again = CaseStoreFormat.encode(decodedRich);
        assertThat(again[0]).isEqualTo((byte) 7);
        assertThat(CaseStoreFormat.decode(CASE, again)).isEqualTo(rich);
    }

    @Test
    void givenTheGoldenValuesOfFormatSix_whenDecoded_thenTheyAreTheirCasesAndAreStoredAgainAsFormatSeven() {
        StoredCase rich = new StoredCase(richCase(true), GOLDEN_TIMER_DUE_AT);
        StoredCase relief = new StoredCase(reliefCase(), null);
        StoredCase everyPart = new StoredCase(everyOptionalPart(), null);
        StoredCase notRecorded = new StoredCase(notRecordedCase(), null);

        StoredCase decodedRich = CaseStoreFormat.decode(CASE, golden(GOLDEN_6, null));
        StoredCase decodedRelief = CaseStoreFormat.decode(RELIEF_CASE, golden(GOLDEN_6_RELIEF, null));
        StoredCase decodedEveryPart = CaseStoreFormat.decode(EVERY_PART_CASE, golden(GOLDEN_6_EVERY_PART, null));
        StoredCase decodedNotRecorded = CaseStoreFormat.decode(NOT_RECORDED_CASE, golden(GOLDEN_6_NOT_RECORDED, null));

        assertThat(decodedRich).isEqualTo(rich);
        assertThat(decodedRelief).isEqualTo(relief);
        assertThat(decodedEveryPart).isEqualTo(everyPart);
        assertThat(decodedNotRecorded).isEqualTo(notRecorded);
        assertThat(decodedEveryPart.caseFile().corrections()).noneMatch(Correction::withdrawn);
        byte[] again = CaseStoreFormat.encode(decodedEveryPart);
        assertThat(again[0]).isEqualTo((byte) 7);
        assertThat(CaseStoreFormat.decode(EVERY_PART_CASE, again)).isEqualTo(everyPart);
    }

    @Test
    void givenTheGoldenValuesOfFormatSeven_whenDecoded_thenTheyAreTheirCasesAndEncodeToTheSameBytes() {
        StoredCase rich = new StoredCase(richCase(true), GOLDEN_TIMER_DUE_AT);
        StoredCase relief = new StoredCase(reliefCase(), null);
        StoredCase everyPart = new StoredCase(everyOptionalPart(), null);
        StoredCase notRecorded = new StoredCase(notRecordedCase(), null);
        StoredCase undone = new StoredCase(undoneCase(), null);
        byte[] goldenRich = golden(GOLDEN_7, rich);
        byte[] goldenRelief = golden(GOLDEN_7_RELIEF, relief);
        byte[] goldenEveryPart = golden(GOLDEN_7_EVERY_PART, everyPart);
        byte[] goldenNotRecorded = golden(GOLDEN_7_NOT_RECORDED, notRecorded);
        byte[] goldenUndone = golden(GOLDEN_7_UNDONE, undone);

        assertThat(CaseStoreFormat.decode(UNDONE_CASE, goldenUndone)).isEqualTo(undone);
        assertThat(CaseStoreFormat.encode(undone)).as(GUARD).isEqualTo(goldenUndone);
        assertThat(CaseStoreFormat.decode(NOT_RECORDED_CASE, goldenNotRecorded)).isEqualTo(notRecorded);
        assertThat(CaseStoreFormat.encode(notRecorded)).as(GUARD).isEqualTo(goldenNotRecorded);
        assertThat(CaseStoreFormat.decode(CASE, goldenRich)).isEqualTo(rich);
        assertThat(CaseStoreFormat.decode(RELIEF_CASE, goldenRelief)).isEqualTo(relief);
        assertThat(CaseStoreFormat.decode(EVERY_PART_CASE, goldenEveryPart)).isEqualTo(everyPart);
        assertThat(CaseStoreFormat.encode(rich)).as(GUARD).isEqualTo(goldenRich);
        assertThat(CaseStoreFormat.encode(relief)).as(GUARD).isEqualTo(goldenRelief);
        assertThat(CaseStoreFormat.encode(everyPart)).as(GUARD).isEqualTo(goldenEveryPart);
    }

    /**
     * The format-7 parts through the state machine: ED staff acknowledged, handed over and undid the handover (a
     * withdrawn correction naming the HANDED_OVER's UUID eventId), then an undo of the acknowledgement too late
     * (an UNDO_TOO_LATE rejection).
     */
    static CaseFile undoneCase() {
        HandoverStateMachine machine = new HandoverStateMachine();
        String handedOver = "5f0e2b1c-3d4a-4b6c-8d9e-0f1a2b3c4d5e";
        CaseFile file = machine.decide(
                        null,
                        WireMapping.submission(arrive(UNDONE_CASE, "d1", min(0)).build()),
                        min(1))
                .caseFile();
        file = machine.decide(
                        file,
                        WireMapping.submission(submit(UNDONE_CASE, "d2", EventType.ACKNOWLEDGED, min(5))
                                .build()),
                        min(6))
                .caseFile();
        file = machine.decide(
                        file,
                        WireMapping.submission(submit(UNDONE_CASE, handedOver, EventType.HANDED_OVER, min(20))
                                .build()),
                        min(21))
                .caseFile();
        file = machine.decide(
                        file,
                        WireMapping.submission(submit(UNDONE_CASE, "d4", EventType.ACTION_UNDONE, min(22))
                                .undoneEventId(handedOver)
                                .build()),
                        min(23))
                .caseFile();
        return machine.decide(
                        file,
                        WireMapping.submission(submit(UNDONE_CASE, "d5", EventType.ACTION_UNDONE, min(30))
                                .undoneEventId("d2")
                                .build()),
                        min(31))
                .caseFile();
    }

    @Test
    void givenACaseWithAnUndo_whenEncodedAndDecoded_thenItIsEqualWithItsWithdrawal() {
        CaseFile file = undoneCase();
        assertThat(file.corrections()).singleElement().satisfies(c -> {
            assertThat(c.withdrawn()).isTrue();
            assertThat(c.point()).isEqualTo(TimePoint.HANDED_OVER);
        });
        assertThat(file.submissions().get("d5").rule()).isEqualTo(RuleCode.UNDO_TOO_LATE);
        StoredCase stored = new StoredCase(file, null);

        byte[] encoded = CaseStoreFormat.encode(stored);

        assertThat(encoded[0]).isEqualTo((byte) 7);
        assertThat(CaseStoreFormat.decode(UNDONE_CASE, encoded)).isEqualTo(stored);
    }

    @Test
    void givenACaseReferredAtSceneWithoutASite_whenEncodedAndDecoded_thenItIsEqual() {
        HandoverStateMachine machine = new HandoverStateMachine();
        HandoverSubmission referred = submit("case-referred", "r1", EventType.REFERRED_AT_SCENE, min(0))
                .referralPathway(uk.transferofcare.events.ReferralPathway.NHS24_MENTAL_HEALTH_HUB)
                .legalBasis(LegalBasis.S297)
                .removedAt(min(-20))
                .build();
        CaseFile file =
                machine.decide(null, WireMapping.submission(referred), min(1)).caseFile();
        assertThat(file.state()).isEqualTo(CaseState.REFERRED_AT_SCENE);
        assertThat(file.siteCode()).isEqualTo(uk.transferofcare.vocabulary.EventType.NO_SITE);
        StoredCase stored = new StoredCase(file, null);

        assertThat(CaseStoreFormat.decode("case-referred", CaseStoreFormat.encode(stored)))
                .isEqualTo(stored);
    }

    /** A case a supervisor closed as not recorded after the handover (no clearance): the format-6 outcome. */
    static CaseFile notRecordedCase() {
        HandoverStateMachine machine = new HandoverStateMachine();
        CaseFile file = machine.decide(
                        null,
                        WireMapping.submission(
                                arrive(NOT_RECORDED_CASE, "n1", min(0)).build()),
                        min(1))
                .caseFile();
        file = machine.decide(
                        file,
                        WireMapping.submission(submit(NOT_RECORDED_CASE, "n2", EventType.HANDED_OVER, min(30))
                                .build()),
                        min(31))
                .caseFile();
        return machine.decide(
                        file,
                        WireMapping.submission(
                                submit(NOT_RECORDED_CASE, "n3", EventType.CLOSED_NOT_RECORDED, min(60 * 30))
                                        .reason("stale: clearance never recorded")
                                        .build()),
                        min(60 * 30 + 1))
                .caseFile();
    }

    @Test
    void givenACaseClosedAsNotRecorded_whenEncodedAndDecoded_thenItIsEqual() {
        CaseFile file = notRecordedCase();
        assertThat(file.state()).isEqualTo(CaseState.NOT_RECORDED);
        StoredCase stored = new StoredCase(file, null);

        byte[] encoded = CaseStoreFormat.encode(stored);

        assertThat(encoded[0]).isEqualTo((byte) 7);
        assertThat(CaseStoreFormat.decode(NOT_RECORDED_CASE, encoded)).isEqualTo(stored);
    }

    @Test
    void givenTheGeneratedSchema_thenItIsTheFrozenSchemaOfTheCurrentFormat() {
        Schema frozen = CaseStoreFormat.FORMAT_7_SCHEMA;

        assertThat(CaseStoreFormat.FORMAT).isEqualTo(7);
        assertThat(SchemaNormalization.toParsingForm(StoredCaseValue.getClassSchema()))
                .as("the case store schema changed: the schema of a released format is frozen (format-7.avsc); make"
                        + " the change a new format (CaseStoreFormat's evolution rule)")
                .isEqualTo(SchemaNormalization.toParsingForm(frozen));
    }

    @Test
    void givenTheVocabularyEnums_thenTheSchemaHasASymbolForEveryConstantAndNoOther() {
        assertThat(CaseFileAvro.mirroredEnums()).hasSize(10);
        CaseFileAvro.mirroredEnums()
                .forEach((domain, avro) -> assertThat(names(avro.getEnumConstants()))
                        .as(
                                "%s has a constant %s lacks: append its symbol to the schema as a new format",
                                domain.getSimpleName(), avro.getSimpleName())
                        .containsExactlyInAnyOrderElementsOf(names(domain.getEnumConstants())));
    }

    @Test
    void givenTheGoldenValueOfFormatTwo_whenDecoded_thenItIsTheRichCaseAndFormatTwoWritesTheSameJson()
            throws IOException {
        byte[] golden = golden(GOLDEN_FORMAT_2, null);

        StoredCase decoded = CaseStoreFormat.decode(CASE, golden);

        assertThat(decoded).isEqualTo(new StoredCase(richCase(), GOLDEN_TIMER_DUE_AT));
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.readTree(CaseStoreFormat.encodeJsonFormat2(decoded))).isEqualTo(json.readTree(golden));
    }

    @Test
    void givenTheGoldenValueOfFormatOne_whenDecoded_thenItIsTheRichCaseWithoutFingerprintsOrRejectionFields() {
        byte[] golden = golden(GOLDEN_FORMAT_1, null);

        StoredCase decoded = CaseStoreFormat.decode(CASE, golden);

        CaseFile rich = richCase();
        assertThat(decoded.caseFile())
                .usingRecursiveComparison()
                .ignoringFields("fingerprints", "submissions")
                .isEqualTo(rich);
        assertThat(decoded.caseFile().fingerprints()).isEmpty();
        assertThat(decoded.caseFile().submissions().keySet())
                .containsExactlyElementsOf(rich.submissions().keySet());
        rich.submissions()
                .forEach((eventId, verdict) -> assertThat(
                                decoded.caseFile().submissions().get(eventId))
                        .isEqualTo(
                                verdict instanceof Verdict.Rejected rejected
                                        ? new Verdict.Rejected(
                                                rejected.rule(), rejected.message(), rejected.conflictingPoint())
                                        : verdict));
        assertThat(decoded.timerDueAt()).isEqualTo(GOLDEN_TIMER_DUE_AT);
    }

    @Test
    void givenACaseReadFromFormatOne_whenStoredAgain_thenItIsWrittenAsFormatSevenAndReadBackEqual() {
        StoredCase fromFormat1 = CaseStoreFormat.decode(CASE, golden(GOLDEN_FORMAT_1, null));

        byte[] encoded = CaseStoreFormat.encode(fromFormat1);

        assertThat(encoded[0]).isEqualTo((byte) 7);
        assertThat(CaseStoreFormat.decode(CASE, encoded)).isEqualTo(fromFormat1);
    }

    @Test
    void givenBinaryValuesThatAreDamaged_whenDecoded_thenTheErrorNamesTheCaseAndTheReason() {
        byte[] golden = golden(GOLDEN_FORMAT_3, null);

        byte[] truncated = Arrays.copyOf(golden, golden.length - 1);
        byte[] trailing = Arrays.copyOf(golden, golden.length + 1);
        byte[] markerOnly = {3};

        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, truncated))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessageStartingWith("Stored case case-golden cannot be read as format 3: ");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, trailing))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored case case-golden cannot be read as format 3: bytes left after the case");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, markerOnly))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessageStartingWith("Stored case case-golden cannot be read as format 3: ");
        assertThatThrownBy(() -> CaseStoreFormat.decode("another-case", golden))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored value under key another-case is not that case");
    }

    @Test
    void givenABinaryValueWhoseDataTheDomainRefuses_whenDecoded_thenTheErrorNamesTheCaseAndTheReason()
            throws IOException {
        StoredCaseValue value = CaseFileAvro.toAvro(new StoredCase(richCase(), GOLDEN_TIMER_DUE_AT));
        value.getCaseFile().put("lastEventId", 99);
        byte[] danglingReference = withMarker(value);
        value = CaseFileAvro.toAvro(new StoredCase(richCase(), GOLDEN_TIMER_DUE_AT));
        value.getCaseFile().put("timeline", List.of());
        byte[] noOpeningPoint = withMarker(value);

        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, danglingReference))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored case case-golden cannot be read as format 7: eventId reference 99 outside the 9"
                        + " submissions");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, noOpeningPoint))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored case case-golden cannot be read as format 7: a case is opened by PRE_ALERTED,"
                        + " ARRIVED or REFERRED_AT_SCENE");
    }

    @Test
    void givenValuesThatAreNotAKnownFormat_whenDecoded_thenTheErrorNamesTheCaseAndTheReason() {
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, "{\"format\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessageStartingWith("Stored case case-golden cannot be read as JSON format 2");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored case case-golden is not in a known format: first byte 0x6e; this version reads"
                        + " JSON formats 1 and 2 (first byte '{') and formats 3 to 7 (0x03 to 0x07)");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, new byte[] {8, 0}))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessageStartingWith("Stored case case-golden is not in a known format: first byte 0x08;");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, new byte[0]))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessageStartingWith("Stored case case-golden is not in a known format: no bytes;");
        String jsonFormat3 = new String(golden(GOLDEN_FORMAT_2, null), StandardCharsets.UTF_8)
                .replace("\"format\": 2", "\"format\": 3");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, jsonFormat3.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored case case-golden has JSON format 3; this version reads JSON formats 1 and 2 and"
                        + " binary formats 3 to 7");
        assertThatThrownBy(() -> CaseStoreFormat.decode("another-case", golden(GOLDEN_FORMAT_2, null)))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored value under key another-case is not that case");
        assertThat(CaseStoreFormat.decode(CASE, null)).isNull();
    }

    @Test
    void givenAnInstantFinerThanAMillisecond_whenEncoded_thenItIsRefusedNotTruncated() {
        CaseFile rich = richCase();
        StoredCase stored = new StoredCase(rich, GOLDEN_TIMER_DUE_AT.plusNanos(1_000));

        assertThatThrownBy(() -> CaseStoreFormat.encode(stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot encode case case-golden for the case store: instant 2025-03-02T06:00:00.000001Z"
                        + " has a sub-millisecond part; the case store keeps milliseconds");
    }

    @Test
    void givenIdentifiers_thenOnlyCanonicalUuidsArePackedIntoSixteenBytes() {
        assertThat(CaseFileAvro.uuid("3f1c2a9e-8b7d-4c6e-9a5b-0d1e2f3a4b5c")).isNotNull();
        assertThat(CaseFileAvro.uuid("3F1C2A9E-8B7D-4C6E-9A5B-0D1E2F3A4B5C")).isNull();
        assertThat(CaseFileAvro.uuid("3f1c2a9e-8b7d-4c6e-9a5b0-d1e2f3a4b5c")).isNull();
        assertThat(CaseFileAvro.uuid("3f1c2a9e-8b7d-4c6e-9a5b-0d1e2f3a4b5g")).isNull();
        assertThat(CaseFileAvro.uuid("1-1-1-1-1")).isNull();
        assertThat(CaseFileAvro.uuid("3f1c2a9e-8b7d-4c6e-9a5b-0d1e2f3a4b5c-suffix"))
                .isNull();
    }

    private static byte[] withMarker(StoredCaseValue value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(CaseStoreFormat.FORMAT);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(StoredCaseValue.class).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static List<String> names(Enum<?>[] constants) {
        return Arrays.stream(constants).map(Enum::name).toList();
    }

    /**
     * A golden file's bytes. When it is missing, the current encoding of {@code current} is written to {@code target/}
     * for review and the test fails.
     */
    private static byte[] golden(String name, StoredCase current) {
        try (InputStream in = CaseStoreFormatTest.class.getResourceAsStream(name)) {
            if (in == null) {
                Path written = Path.of("target", Path.of(name).getFileName().toString());
                if (current != null) {
                    Files.write(written, CaseStoreFormat.encode(current));
                }
                throw new IllegalStateException("No golden file " + name + "; the current encoding is in " + written
                        + ": review it and copy it to src/test/resources" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
