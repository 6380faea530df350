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
import uk.transferofcare.processor.domain.Correction;
import uk.transferofcare.processor.domain.Decision;
import uk.transferofcare.processor.domain.DelayReasonRecord;
import uk.transferofcare.processor.domain.EscalationMark;
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
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/** The case store's value format: lossless, stable (golden files, frozen schema), strict; formats 1 and 2 still read. */
class CaseStoreFormatTest {

    static final String GOLDEN = "/case-store/format-3.bin";
    static final String GOLDEN_EVERY_PART = "/case-store/format-3-every-part.bin";
    static final String GOLDEN_4 = "/case-store/format-4.bin";
    static final String GOLDEN_4_EVERY_PART = "/case-store/format-4-every-part.bin";
    static final String GOLDEN_FORMAT_2 = "/case-store/format-2.json";
    static final String GOLDEN_FORMAT_1 = "/case-store/format-1.json";
    static final Instant GOLDEN_TIMER_DUE_AT = min(60 * 20);
    private static final String CASE = "case-golden";
    private static final String EVERY_PART_CASE = "case-every-part";
    private static final String GUARD = "the stored format changed: bump CaseStoreFormat.FORMAT, keep reading formats"
            + " 1 to 4 (see CaseStoreFormat's evolution rule), and add golden files for the new format";

    /** A case that uses every part of the case file: all points, verdict kinds, timers, retained, corrections. */
    static CaseFile richCase() {
        return replay(richHistory());
    }

    /**
     * The rich case with the parts format 4 added: an assessment, delay reasons (one twice) and officer count
     * changes, all sent late after the correction.
     */
    static CaseFile richCaseFormat4() {
        List<HandoverSubmission> history = new java.util.ArrayList<>(List.of(richHistory()));
        history.add(submit(CASE, "g10", EventType.ASSESSMENT_STARTED, min(45))
                .assessmentMode(uk.transferofcare.events.AssessmentMode.REMOTE)
                .build());
        history.add(submit(CASE, "g11", EventType.DELAY_REASON_RECORDED, min(42))
                .delayReason(uk.transferofcare.events.DelayReason.AWAITING_BED)
                .note("no bed in IPCU")
                .build());
        history.add(submit(CASE, "g12", EventType.DELAY_REASON_RECORDED, min(43))
                .delayReason(uk.transferofcare.events.DelayReason.INTOXICATION)
                .build());
        history.add(submit(CASE, "g13", EventType.DELAY_REASON_RECORDED, min(44))
                .delayReason(uk.transferofcare.events.DelayReason.AWAITING_BED)
                .build());
        history.add(submit(CASE, "g14", EventType.OFFICER_RELEASED, min(20))
                .officerCount(1)
                .build());
        return replay(history.toArray(HandoverSubmission[]::new));
    }

    /** A case as a format before 4 stored it: without the parts format 4 added. */
    static CaseFile withoutFormat4Parts(CaseFile file) {
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
                null,
                List.of(),
                List.of());
    }

    private static CaseFile replay(HandoverSubmission[] history) {
        HandoverStateMachine machine = new HandoverStateMachine();
        CaseFile file = null;
        for (HandoverSubmission wire : history) {
            Instant now = wire.getReceivedAt().plusSeconds(1);
            Decision decision = machine.decide(file, WireMapping.submission(wire), now);
            file = machine.tick(decision.caseFile(), now).caseFile();
        }
        return file;
    }

    private static HandoverSubmission[] richHistory() {
        return new HandoverSubmission[] {
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
            submit(CASE, "g8", EventType.CLEARED, min(70)).build(),
            submit(CASE, "g9", EventType.CORRECTED, min(80))
                    .correction(uk.transferofcare.events.TimePoint.CLEARED, min(75), "device clock")
                    .build()
        };
    }

    /**
     * A case made by hand with every optional part set and every kind of value the format treats apart: HELD and
     * DUPLICATE verdicts (one naming an eventId without a verdict), a rejection without a field, eventIds that are
     * canonical UUIDs, UUIDs in capitals, other text, references to eventIds that have no verdict, fingerprints that
     * are 32 lowercase hex digits, other text, missing, and one of an eventId without a verdict; void, diverted, an
     * open retained period, a legal clock that is not running, and no timer entry.
     */
    static CaseFile everyOptionalPart() {
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
                AssessmentMode.IN_PERSON,
                List.of(
                        new DelayReasonRecord(
                                DelayReason.AWAITING_MENTAL_HEALTH_OFFICER, min(5), "MHO on call", opening, ed, min(6)),
                        new DelayReasonRecord(
                                DelayReason.STAFFING, min(7), null, "e-delay-elsewhere", officer, min(8))),
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
        CaseFile file = richCase();
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

        assertThat(encoded[0]).isEqualTo((byte) 4);
        assertThat(CaseStoreFormat.decode(CASE, encoded)).isEqualTo(stored);
        StoredCase format4 = new StoredCase(richCaseFormat4(), GOLDEN_TIMER_DUE_AT);
        assertThat(format4.caseFile().delayReasons()).hasSize(2);
        assertThat(format4.caseFile().officerChanges()).hasSize(2);
        assertThat(format4.caseFile().assessmentMode()).isNotNull();
        assertThat(CaseStoreFormat.decode(CASE, CaseStoreFormat.encode(format4)))
                .isEqualTo(format4);
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
    void givenTheGoldenValueOfFormatFour_whenDecoded_thenItIsTheRichCaseAndEncodingItAgainGivesTheSameBytes() {
        byte[] golden = golden(GOLDEN_4, new StoredCase(richCaseFormat4(), GOLDEN_TIMER_DUE_AT));

        StoredCase decoded = CaseStoreFormat.decode(CASE, golden);

        assertThat(decoded).isEqualTo(new StoredCase(richCaseFormat4(), GOLDEN_TIMER_DUE_AT));
        assertThat(CaseStoreFormat.encode(decoded)).as(GUARD).isEqualTo(golden);
    }

    @Test
    void givenTheGoldenValueOfFormatFourWithEveryOptionalPart_whenDecoded_thenItIsThatCaseAndEncodesTheSame() {
        StoredCase expected = new StoredCase(everyOptionalPart(), null);
        byte[] golden = golden(GOLDEN_4_EVERY_PART, expected);

        StoredCase decoded = CaseStoreFormat.decode(EVERY_PART_CASE, golden);

        assertThat(decoded).isEqualTo(expected);
        assertThat(CaseStoreFormat.encode(decoded)).as(GUARD).isEqualTo(golden);
    }

    /**
     * A case stored in format 3 reads as it was stored: no assessment mode, delay reasons or officer count changes
     * (its OFFICER_RETAINED's count was not a change then, so its officerSeconds stay count × time at the ED), and
     * stored again it is format 4 and reads back the same.
     */
    @Test
    void givenTheGoldenValuesOfFormatThree_whenDecoded_thenTheyAreTheCasesWithoutFormat4PartsAndReEncodeAsFormat4() {
        StoredCase expected = new StoredCase(withoutFormat4Parts(richCase()), GOLDEN_TIMER_DUE_AT);
        StoredCase expectedEveryPart = new StoredCase(withoutFormat4Parts(everyOptionalPart()), null);

        StoredCase decoded = CaseStoreFormat.decode(CASE, golden(GOLDEN, null));
        StoredCase decodedEveryPart = CaseStoreFormat.decode(EVERY_PART_CASE, golden(GOLDEN_EVERY_PART, null));

        assertThat(decoded).isEqualTo(expected);
        assertThat(decodedEveryPart).isEqualTo(expectedEveryPart);
        assertThat(decoded.caseFile().intervals().officerSeconds()).isEqualTo(2 * 4500L);
        assertThat(richCase().intervals().officerSeconds()).isEqualTo(2 * 3300L + 1200L);
        byte[] again = CaseStoreFormat.encode(decoded);
        assertThat(again[0]).isEqualTo((byte) 4);
        assertThat(CaseStoreFormat.decode(CASE, again)).isEqualTo(expected);
    }

    @Test
    void givenTheGeneratedSchema_thenItIsTheFrozenSchemaOfTheCurrentFormat() {
        Schema frozen = CaseStoreFormat.FORMAT_4_SCHEMA;

        assertThat(CaseStoreFormat.FORMAT).isEqualTo(4);
        assertThat(SchemaNormalization.toParsingForm(StoredCaseValue.getClassSchema()))
                .as("the case store schema changed: the schema of a released format is frozen (format-4.avsc); make"
                        + " the change a new format (CaseStoreFormat's evolution rule)")
                .isEqualTo(SchemaNormalization.toParsingForm(frozen));
    }

    @Test
    void givenTheVocabularyEnums_thenTheSchemaHasASymbolForEveryConstantAndNoOther() {
        assertThat(CaseFileAvro.mirroredEnums()).hasSize(7);
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

        assertThat(decoded).isEqualTo(new StoredCase(withoutFormat4Parts(richCase()), GOLDEN_TIMER_DUE_AT));
        JsonMapper json = JsonMapper.builder().build();
        tools.jackson.databind.node.ObjectNode written =
                (tools.jackson.databind.node.ObjectNode) json.readTree(CaseStoreFormat.encodeJsonFormat2(decoded));
        ((tools.jackson.databind.node.ObjectNode) written.get("caseFile"))
                .remove(List.of("assessmentMode", "delayReasons", "officerChanges"));
        assertThat(written).isEqualTo(json.readTree(golden));
    }

    @Test
    void givenTheGoldenValueOfFormatOne_whenDecoded_thenItIsTheRichCaseWithoutFingerprintsOrRejectionFields() {
        byte[] golden = golden(GOLDEN_FORMAT_1, null);

        StoredCase decoded = CaseStoreFormat.decode(CASE, golden);

        CaseFile rich = withoutFormat4Parts(richCase());
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
    void givenACaseReadFromFormatOne_whenStoredAgain_thenItIsWrittenAsFormatFourAndReadBackEqual() {
        StoredCase fromFormat1 = CaseStoreFormat.decode(CASE, golden(GOLDEN_FORMAT_1, null));

        byte[] encoded = CaseStoreFormat.encode(fromFormat1);

        assertThat(encoded[0]).isEqualTo((byte) 4);
        assertThat(CaseStoreFormat.decode(CASE, encoded)).isEqualTo(fromFormat1);
    }

    @Test
    void givenBinaryValuesThatAreDamaged_whenDecoded_thenTheErrorNamesTheCaseAndTheReason() {
        byte[] golden = golden(GOLDEN, null);

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
                .hasMessage("Stored case case-golden cannot be read as format 4: eventId reference 99 outside the 9"
                        + " submissions");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, noOpeningPoint))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored case case-golden cannot be read as format 4: a case is opened by PRE_ALERTED or"
                        + " ARRIVED");
    }

    @Test
    void givenValuesThatAreNotAKnownFormat_whenDecoded_thenTheErrorNamesTheCaseAndTheReason() {
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, "{\"format\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessageStartingWith("Stored case case-golden cannot be read as JSON format 2");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored case case-golden is not in a known format: first byte 0x6e; this version reads"
                        + " JSON formats 1 and 2 (first byte '{') and formats 3 (0x03) and 4 (0x04)");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, new byte[] {5, 0}))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessageStartingWith("Stored case case-golden is not in a known format: first byte 0x05;");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, new byte[0]))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessageStartingWith("Stored case case-golden is not in a known format: no bytes;");
        String jsonFormat3 = new String(golden(GOLDEN_FORMAT_2, null), StandardCharsets.UTF_8)
                .replace("\"format\": 2", "\"format\": 3");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, jsonFormat3.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored case case-golden has JSON format 3; this version reads JSON formats 1 and 2 and"
                        + " binary formats 3 and 4");
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
        out.write(4);
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
