package uk.transferofcare.processor.stream;

import java.lang.reflect.Array;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.transferofcare.processor.domain.Actor;
import uk.transferofcare.processor.domain.CaseFile;
import uk.transferofcare.processor.domain.ClockExtension;
import uk.transferofcare.processor.domain.CorrectedField;
import uk.transferofcare.processor.domain.Correction;
import uk.transferofcare.processor.domain.DelayReasonRecord;
import uk.transferofcare.processor.domain.DispositionRecord;
import uk.transferofcare.processor.domain.DivisionTransfer;
import uk.transferofcare.processor.domain.EscalationMark;
import uk.transferofcare.processor.domain.FieldCorrection;
import uk.transferofcare.processor.domain.LegalClock;
import uk.transferofcare.processor.domain.LegalClockWarningMark;
import uk.transferofcare.processor.domain.OfficerChange;
import uk.transferofcare.processor.domain.PointRecord;
import uk.transferofcare.processor.domain.RetainedPeriod;
import uk.transferofcare.processor.domain.Timeline;
import uk.transferofcare.processor.domain.Verdict;
import uk.transferofcare.processor.domain.Voiding;
import uk.transferofcare.processor.stream.casestore.Fingerprint;
import uk.transferofcare.processor.stream.casestore.StoredActor;
import uk.transferofcare.processor.stream.casestore.StoredApplied;
import uk.transferofcare.processor.stream.casestore.StoredAssessmentMode;
import uk.transferofcare.processor.stream.casestore.StoredCaseFile;
import uk.transferofcare.processor.stream.casestore.StoredCaseState;
import uk.transferofcare.processor.stream.casestore.StoredCaseValue;
import uk.transferofcare.processor.stream.casestore.StoredClockExtension;
import uk.transferofcare.processor.stream.casestore.StoredCorrectedField;
import uk.transferofcare.processor.stream.casestore.StoredCorrection;
import uk.transferofcare.processor.stream.casestore.StoredDelayReason;
import uk.transferofcare.processor.stream.casestore.StoredDelayReasonCode;
import uk.transferofcare.processor.stream.casestore.StoredDisposition;
import uk.transferofcare.processor.stream.casestore.StoredDispositionRecord;
import uk.transferofcare.processor.stream.casestore.StoredDivisionTransfer;
import uk.transferofcare.processor.stream.casestore.StoredDuplicate;
import uk.transferofcare.processor.stream.casestore.StoredEscalationMark;
import uk.transferofcare.processor.stream.casestore.StoredFieldCorrection;
import uk.transferofcare.processor.stream.casestore.StoredFingerprint;
import uk.transferofcare.processor.stream.casestore.StoredHeld;
import uk.transferofcare.processor.stream.casestore.StoredLegalBasis;
import uk.transferofcare.processor.stream.casestore.StoredLegalClock;
import uk.transferofcare.processor.stream.casestore.StoredLegalClockWarningMark;
import uk.transferofcare.processor.stream.casestore.StoredOfficerChange;
import uk.transferofcare.processor.stream.casestore.StoredPointRecord;
import uk.transferofcare.processor.stream.casestore.StoredReferralPathway;
import uk.transferofcare.processor.stream.casestore.StoredRejected;
import uk.transferofcare.processor.stream.casestore.StoredRetainedPeriod;
import uk.transferofcare.processor.stream.casestore.StoredRole;
import uk.transferofcare.processor.stream.casestore.StoredRuleCode;
import uk.transferofcare.processor.stream.casestore.StoredSubmission;
import uk.transferofcare.processor.stream.casestore.StoredTimePoint;
import uk.transferofcare.processor.stream.casestore.StoredVoiding;
import uk.transferofcare.processor.stream.casestore.Uuid;
import uk.transferofcare.vocabulary.AssessmentMode;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.Disposition;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.ReferralPathway;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * Format 4 of the case store (format 3 values are read into it), the mapping half: a {@link StoredCase} to and from the generated classes of the
 * private schema {@code src/main/avro/uk/transferofcare/processor/stream/casestore/StoredCaseValue.avsc} ({@link
 * CaseStoreFormat} frames and (de)serializes them). One method per domain record in each direction, every component
 * by its accessor and every domain record built by its canonical constructor, so that a change of a domain record
 * stops the compilation here.
 *
 * <p>Compactness, all lossless:
 *
 * <ul>
 *   <li>instants are epoch milliseconds; every instant of a case comes from the wire ({@code timestamp-millis}), a
 *       record timestamp or the wall clock in milliseconds, or is one of those plus whole minutes, so an instant with
 *       a sub-millisecond part is refused when encoding rather than truncated;
 *   <li>an eventId that is also a key of {@code submissions} is written as its index there (an {@code EventRef}
 *       int): point records, corrections, retained periods, voiding, duplicates and {@code lastEventId} nearly always
 *       name one;
 *   <li>a canonical UUID string (lowercase 8-4-4-4-12, what clients and the processor generate) is written as its 16
 *       bytes, any other string as itself; a fingerprint of 32 lowercase hex digits as its 16 bytes;
 *   <li>{@code fingerprints} are written next to their eventId's verdict (the domain keeps one per eventId in {@code
 *       submissions}); a fingerprint of an eventId without a verdict goes to {@code otherFingerprints};
 *   <li>enums are Avro enums of the same symbol names (one byte); a vocabulary constant without a symbol cannot be
 *       stored ({@code CaseStoreFormatTest} compares the symbol lists).
 * </ul>
 *
 * <p>Speed: the unions with more than one non-null branch (identifiers, verdicts) keep Avro from generating its
 * custom coders for the records that hold them, so values go through Avro's generic writer and its fast reader
 * (about 8 and 7 µs for the rich golden case on the development machine).
 */
final class CaseFileAvro {

    private static final Symbols<TimePoint, StoredTimePoint> TIME_POINTS =
            new Symbols<>(TimePoint.class, StoredTimePoint.class);
    private static final Symbols<CaseState, StoredCaseState> CASE_STATES =
            new Symbols<>(CaseState.class, StoredCaseState.class);
    private static final Symbols<LegalBasis, StoredLegalBasis> LEGAL_BASES =
            new Symbols<>(LegalBasis.class, StoredLegalBasis.class);
    private static final Symbols<Disposition, StoredDisposition> DISPOSITIONS =
            new Symbols<>(Disposition.class, StoredDisposition.class);
    private static final Symbols<ReferralPathway, StoredReferralPathway> REFERRAL_PATHWAYS =
            new Symbols<>(ReferralPathway.class, StoredReferralPathway.class);
    private static final Symbols<Role, StoredRole> ROLES = new Symbols<>(Role.class, StoredRole.class);
    private static final Symbols<RuleCode, StoredRuleCode> RULE_CODES =
            new Symbols<>(RuleCode.class, StoredRuleCode.class);
    private static final Symbols<CorrectedField, StoredCorrectedField> CORRECTED_FIELDS =
            new Symbols<>(CorrectedField.class, StoredCorrectedField.class);

    private static final Symbols<AssessmentMode, StoredAssessmentMode> ASSESSMENT_MODES =
            new Symbols<>(AssessmentMode.class, StoredAssessmentMode.class);
    private static final Symbols<DelayReason, StoredDelayReasonCode> DELAY_REASONS =
            new Symbols<>(DelayReason.class, StoredDelayReasonCode.class);

    private static final HexFormat HEX = HexFormat.of();
    private static final int UUID_LENGTH = 36;
    private static final int FINGERPRINT_HEX_DIGITS = 32;

    private CaseFileAvro() {}

    /** Every vocabulary enum the schema mirrors, with its Avro enum: for the test that keeps them in step. */
    static Map<Class<? extends Enum<?>>, Class<? extends Enum<?>>> mirroredEnums() {
        Map<Class<? extends Enum<?>>, Class<? extends Enum<?>>> enums = new LinkedHashMap<>();
        for (Symbols<?, ?> symbols : List.of(
                TIME_POINTS,
                CASE_STATES,
                LEGAL_BASES,
                ROLES,
                RULE_CODES,
                CORRECTED_FIELDS,
                DISPOSITIONS,
                REFERRAL_PATHWAYS,
                ASSESSMENT_MODES,
                DELAY_REASONS)) {
            enums.put(symbols.domain, symbols.avro);
        }
        return enums;
    }

    // Domain → Avro

    static StoredCaseValue toAvro(StoredCase stored) {
        CaseFile file = stored.caseFile();
        Map<String, Integer> index = new HashMap<>();
        List<StoredSubmission> submissions = new ArrayList<>(file.submissions().size());
        file.submissions().forEach((eventId, verdict) -> {
            index.put(eventId, index.size());
            submissions.add(StoredSubmission.newBuilder()
                    .setEventId(key(eventId))
                    .setVerdict(verdict(verdict, index))
                    .setFingerprint(fingerprint(file.fingerprints().get(eventId)))
                    .build());
        });
        List<StoredFingerprint> otherFingerprints = new ArrayList<>();
        file.fingerprints().forEach((eventId, fingerprint) -> {
            if (!index.containsKey(eventId)) {
                otherFingerprints.add(new StoredFingerprint(eventId, fingerprint));
            }
        });
        StoredCaseFile caseFile = StoredCaseFile.newBuilder()
                .setCaseId(key(file.caseId()))
                .setVersion(file.version())
                .setSiteCode(file.siteCode())
                .setPoliceDivision(file.policeDivision())
                .setLegalBasis(LEGAL_BASES.avro(file.legalBasis()))
                .setOfficerCount(file.officerCount())
                .setLocalReference(file.localReference())
                .setLinkedFromCaseId(nullableKey(file.linkedFromCaseId()))
                .setDivertedToCaseId(nullableKey(file.divertedToCaseId()))
                .setDestinationSiteCode(file.destinationSiteCode())
                .setEta(nullableMillis(file.eta()))
                .setTimeline(file.timeline().records().values().stream()
                        .map(record -> pointRecord(record, index))
                        .toList())
                .setTerminalOutcome(CASE_STATES.avro(file.terminalOutcome()))
                .setVoiding(file.voiding() == null ? null : voiding(file.voiding(), index))
                .setRetained(file.retained().stream()
                        .map(period -> retained(period, index))
                        .toList())
                .setCorrections(file.corrections().stream()
                        .map(correction -> correction(correction, index))
                        .toList())
                .setLegalClock(file.legalClock() == null ? null : legalClock(file.legalClock()))
                .setEscalations(file.escalations().stream()
                        .map(mark -> escalation(mark, index))
                        .toList())
                .setLegalClockWarnings(file.legalClockWarnings().stream()
                        .map(mark -> warning(mark, index))
                        .toList())
                .setLateEvents(file.lateEvents())
                .setRejectedSubmissions(file.rejectedSubmissions())
                .setDuplicateSubmissions(file.duplicateSubmissions())
                .setSubmissions(submissions)
                .setOtherFingerprints(otherFingerprints)
                .setOpenedAt(millis(file.openedAt()))
                .setUpdatedAt(millis(file.updatedAt()))
                .setLastEventId(ref(file.lastEventId(), index))
                .setDivisionTransfers(file.divisionTransfers().stream()
                        .map(transfer -> divisionTransfer(transfer, index))
                        .toList())
                .setFieldCorrections(file.fieldCorrections().stream()
                        .map(correction -> fieldCorrection(correction, index))
                        .toList())
                .setLegalClockExtension(
                        file.legalClockExtension() == null ? null : extension(file.legalClockExtension(), index))
                .setDispositions(file.dispositions().stream()
                        .map(record -> disposition(record, index))
                        .toList())
                .setReferralPathway(REFERRAL_PATHWAYS.avro(file.referralPathway()))
                .setAssessmentMode(ASSESSMENT_MODES.avro(file.assessmentMode()))
                .setDelayReasons(file.delayReasons().stream()
                        .map(reason -> delayReason(reason, index))
                        .toList())
                .setOfficerChanges(file.officerChanges().stream()
                        .map(change -> officerChange(change, index))
                        .toList())
                .build();
        return new StoredCaseValue(nullableMillis(stored.timerDueAt()), caseFile);
    }

    private static Object verdict(Verdict verdict, Map<String, Integer> index) {
        if (verdict instanceof Verdict.Applied applied) {
            return new StoredApplied(applied.sequence());
        }
        if (verdict instanceof Verdict.Rejected rejected) {
            return new StoredRejected(
                    RULE_CODES.avro(rejected.rule()),
                    rejected.message(),
                    TIME_POINTS.avro(rejected.conflictingPoint()),
                    rejected.field());
        }
        if (verdict instanceof Verdict.Duplicate duplicate) {
            return new StoredDuplicate(
                    RULE_CODES.avro(duplicate.rule()), duplicate.message(), ref(duplicate.originalEventId(), index));
        }
        Verdict.Held held = (Verdict.Held) verdict;
        return new StoredHeld(held.message(), millis(held.until()));
    }

    private static StoredPointRecord pointRecord(PointRecord record, Map<String, Integer> index) {
        return StoredPointRecord.newBuilder()
                .setPoint(TIME_POINTS.avro(record.point()))
                .setAt(millis(record.at()))
                .setEventId(ref(record.eventId(), index))
                .setRecordedAt(millis(record.recordedAt()))
                .setActor(actor(record.actor()))
                .setImplied(record.implied())
                .setLate(record.late())
                .setCorrected(record.corrected())
                .build();
    }

    private static StoredActor actor(Actor actor) {
        return new StoredActor(actor.userId(), ROLES.avro(actor.role()), actor.org());
    }

    private static StoredVoiding voiding(Voiding voiding, Map<String, Integer> index) {
        return StoredVoiding.newBuilder()
                .setEventId(ref(voiding.eventId(), index))
                .setOccurredAt(millis(voiding.occurredAt()))
                .setReason(voiding.reason())
                .setActor(actor(voiding.actor()))
                .setRecordedAt(millis(voiding.recordedAt()))
                .build();
    }

    private static StoredDelayReason delayReason(DelayReasonRecord reason, Map<String, Integer> index) {
        return StoredDelayReason.newBuilder()
                .setReason(DELAY_REASONS.avro(reason.reason()))
                .setAt(millis(reason.at()))
                .setNote(reason.note())
                .setEventId(ref(reason.eventId(), index))
                .setActor(actor(reason.actor()))
                .setRecordedAt(millis(reason.recordedAt()))
                .build();
    }

    private static StoredOfficerChange officerChange(OfficerChange change, Map<String, Integer> index) {
        return StoredOfficerChange.newBuilder()
                .setAt(millis(change.at()))
                .setOfficerCount(change.officerCount())
                .setReleased(change.type() == EventType.OFFICER_RELEASED)
                .setEventId(ref(change.eventId(), index))
                .build();
    }

    private static StoredRetainedPeriod retained(RetainedPeriod period, Map<String, Integer> index) {
        return StoredRetainedPeriod.newBuilder()
                .setFrom(millis(period.from()))
                .setTo(nullableMillis(period.to()))
                .setOfficerCount(period.officerCount())
                .setReason(period.reason())
                .setRetainedEventId(ref(period.retainedEventId(), index))
                .setReleasedEventId(period.releasedEventId() == null ? null : ref(period.releasedEventId(), index))
                .build();
    }

    private static StoredDispositionRecord disposition(DispositionRecord record, Map<String, Integer> index) {
        return StoredDispositionRecord.newBuilder()
                .setEventId(ref(record.eventId(), index))
                .setSequence(record.sequence())
                .setDisposition(DISPOSITIONS.avro(record.disposition()))
                .setOccurredAt(millis(record.occurredAt()))
                .setActor(actor(record.actor()))
                .setReason(record.reason())
                .setRecordedAt(millis(record.recordedAt()))
                .build();
    }

    private static StoredCorrection correction(Correction correction, Map<String, Integer> index) {
        return StoredCorrection.newBuilder()
                .setEventId(ref(correction.eventId(), index))
                .setPoint(TIME_POINTS.avro(correction.point()))
                .setFrom(nullableMillis(correction.from()))
                .setTo(millis(correction.to()))
                .setReason(correction.reason())
                .setActor(actor(correction.actor()))
                .setRecordedAt(millis(correction.recordedAt()))
                .setWithdrawnEventId(
                        correction.withdrawnEventId() == null ? null : ref(correction.withdrawnEventId(), index))
                .build();
    }

    private static StoredLegalClock legalClock(LegalClock clock) {
        return new StoredLegalClock(
                LEGAL_BASES.avro(clock.basis()),
                TIME_POINTS.avro(clock.startsFrom()),
                nullableMillis(clock.startsAt()),
                nullableMillis(clock.deadline()),
                nullableMillis(clock.extendedAt()),
                clock.extendedBy() == null ? null : actor(clock.extendedBy()),
                nullableMillis(clock.deadlineBeforeExtension()));
    }

    private static StoredDivisionTransfer divisionTransfer(DivisionTransfer transfer, Map<String, Integer> index) {
        return StoredDivisionTransfer.newBuilder()
                .setEventId(ref(transfer.eventId(), index))
                .setFromDivision(transfer.fromDivision())
                .setToDivision(transfer.toDivision())
                .setAt(millis(transfer.at()))
                .setReason(transfer.reason())
                .setActor(actor(transfer.actor()))
                .setRecordedAt(millis(transfer.recordedAt()))
                .build();
    }

    private static StoredFieldCorrection fieldCorrection(FieldCorrection correction, Map<String, Integer> index) {
        return StoredFieldCorrection.newBuilder()
                .setEventId(ref(correction.eventId(), index))
                .setField(CORRECTED_FIELDS.avro(correction.field()))
                .setFrom(correction.from())
                .setTo(correction.to())
                .setReason(correction.reason())
                .setActor(actor(correction.actor()))
                .setRecordedAt(millis(correction.recordedAt()))
                .build();
    }

    private static StoredClockExtension extension(ClockExtension extension, Map<String, Integer> index) {
        return StoredClockExtension.newBuilder()
                .setEventId(ref(extension.eventId(), index))
                .setOccurredAt(millis(extension.occurredAt()))
                .setActor(actor(extension.actor()))
                .setRecordedAt(millis(extension.recordedAt()))
                .build();
    }

    private static StoredEscalationMark escalation(EscalationMark mark, Map<String, Integer> index) {
        return StoredEscalationMark.newBuilder()
                .setLevel(mark.level())
                .setThresholdMinutes(mark.thresholdMinutes())
                .setDueAt(millis(mark.dueAt()))
                .setFiredAt(millis(mark.firedAt()))
                .setNotified(mark.notified())
                .setEventId(ref(mark.eventId(), index))
                .build();
    }

    private static StoredLegalClockWarningMark warning(LegalClockWarningMark mark, Map<String, Integer> index) {
        return StoredLegalClockWarningMark.newBuilder()
                .setMinutesBefore(mark.minutesBefore())
                .setDeadline(millis(mark.deadline()))
                .setDueAt(millis(mark.dueAt()))
                .setFiredAt(millis(mark.firedAt()))
                .setNotified(mark.notified())
                .setEventId(ref(mark.eventId(), index))
                .build();
    }

    // Avro → domain

    static StoredCase fromAvro(StoredCaseValue value) {
        StoredCaseFile stored = value.getCaseFile();
        List<StoredSubmission> storedSubmissions = stored.getSubmissions();
        String[] eventIds = new String[storedSubmissions.size()];
        for (int i = 0; i < eventIds.length; i++) {
            eventIds[i] = key(storedSubmissions.get(i).getEventId());
        }
        Map<String, Verdict> submissions = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (int i = 0; i < eventIds.length; i++) {
            StoredSubmission submission = storedSubmissions.get(i);
            if (submissions.put(eventIds[i], verdict(submission.getVerdict(), eventIds)) != null) {
                throw new IllegalArgumentException("eventId " + eventIds[i] + " has two verdicts");
            }
            String fingerprint = fingerprint(submission.getFingerprint());
            if (fingerprint != null) {
                fingerprints.put(eventIds[i], fingerprint);
            }
        }
        for (StoredFingerprint other : stored.getOtherFingerprints()) {
            if (submissions.containsKey(other.getEventId())
                    || fingerprints.put(other.getEventId(), other.getFingerprint()) != null) {
                throw new IllegalArgumentException("eventId " + other.getEventId() + " has two fingerprints");
            }
        }
        EnumMap<TimePoint, PointRecord> records = new EnumMap<>(TimePoint.class);
        for (StoredPointRecord record : stored.getTimeline()) {
            PointRecord point = pointRecord(record, eventIds);
            if (records.put(point.point(), point) != null) {
                throw new IllegalArgumentException("time point " + point.point() + " recorded twice");
            }
        }
        CaseFile file = new CaseFile(
                key(stored.getCaseId()),
                stored.getVersion(),
                stored.getSiteCode(),
                stored.getPoliceDivision(),
                LEGAL_BASES.domain(stored.getLegalBasis()),
                stored.getOfficerCount(),
                stored.getLocalReference(),
                nullableKey(stored.getLinkedFromCaseId()),
                nullableKey(stored.getDivertedToCaseId()),
                stored.getDestinationSiteCode(),
                instant(stored.getEta()),
                new Timeline(records),
                CASE_STATES.domain(stored.getTerminalOutcome()),
                stored.getVoiding() == null ? null : voiding(stored.getVoiding(), eventIds),
                stored.getRetained().stream()
                        .map(period -> retained(period, eventIds))
                        .toList(),
                stored.getCorrections().stream()
                        .map(correction -> correction(correction, eventIds))
                        .toList(),
                stored.getLegalClock() == null ? null : legalClock(stored.getLegalClock()),
                stored.getEscalations().stream()
                        .map(mark -> escalation(mark, eventIds))
                        .toList(),
                stored.getLegalClockWarnings().stream()
                        .map(mark -> warning(mark, eventIds))
                        .toList(),
                stored.getLateEvents(),
                stored.getRejectedSubmissions(),
                stored.getDuplicateSubmissions(),
                submissions,
                fingerprints,
                instant(stored.getOpenedAt()),
                instant(stored.getUpdatedAt()),
                id(stored.getLastEventId(), eventIds),
                stored.getDivisionTransfers().stream()
                        .map(transfer -> divisionTransfer(transfer, eventIds))
                        .toList(),
                stored.getFieldCorrections().stream()
                        .map(correction -> fieldCorrection(correction, eventIds))
                        .toList(),
                stored.getLegalClockExtension() == null ? null : extension(stored.getLegalClockExtension(), eventIds),
                stored.getDispositions().stream()
                        .map(record -> disposition(record, eventIds))
                        .toList(),
                REFERRAL_PATHWAYS.domain(stored.getReferralPathway()),
                ASSESSMENT_MODES.domain(stored.getAssessmentMode()),
                stored.getDelayReasons().stream()
                        .map(reason -> new DelayReasonRecord(
                                DELAY_REASONS.domain(reason.getReason()),
                                instant(reason.getAt()),
                                reason.getNote(),
                                id(reason.getEventId(), eventIds),
                                actor(reason.getActor()),
                                instant(reason.getRecordedAt())))
                        .toList(),
                stored.getOfficerChanges().stream()
                        .map(change -> new OfficerChange(
                                instant(change.getAt()),
                                change.getOfficerCount(),
                                change.getReleased() ? EventType.OFFICER_RELEASED : EventType.OFFICER_RETAINED,
                                id(change.getEventId(), eventIds)))
                        .toList());
        return new StoredCase(file, instant(value.getTimerDueAt()));
    }

    private static Verdict verdict(Object verdict, String[] eventIds) {
        if (verdict instanceof StoredApplied applied) {
            return new Verdict.Applied(applied.getSequence());
        }
        if (verdict instanceof StoredRejected rejected) {
            return new Verdict.Rejected(
                    RULE_CODES.domain(rejected.getRule()),
                    rejected.getMessage(),
                    TIME_POINTS.domain(rejected.getConflictingPoint()),
                    rejected.getField());
        }
        if (verdict instanceof StoredDuplicate duplicate) {
            return new Verdict.Duplicate(
                    RULE_CODES.domain(duplicate.getRule()),
                    duplicate.getMessage(),
                    id(duplicate.getOriginalEventId(), eventIds));
        }
        if (verdict instanceof StoredHeld held) {
            return new Verdict.Held(held.getMessage(), instant(held.getUntil()));
        }
        throw new IllegalArgumentException("not a verdict: " + verdict);
    }

    private static PointRecord pointRecord(StoredPointRecord record, String[] eventIds) {
        return new PointRecord(
                TIME_POINTS.domain(record.getPoint()),
                instant(record.getAt()),
                id(record.getEventId(), eventIds),
                instant(record.getRecordedAt()),
                actor(record.getActor()),
                record.getImplied(),
                record.getLate(),
                record.getCorrected());
    }

    private static Actor actor(StoredActor actor) {
        return new Actor(actor.getUserId(), ROLES.domain(actor.getRole()), actor.getOrg());
    }

    private static Voiding voiding(StoredVoiding voiding, String[] eventIds) {
        return new Voiding(
                id(voiding.getEventId(), eventIds),
                instant(voiding.getOccurredAt()),
                voiding.getReason(),
                actor(voiding.getActor()),
                instant(voiding.getRecordedAt()));
    }

    private static RetainedPeriod retained(StoredRetainedPeriod period, String[] eventIds) {
        return new RetainedPeriod(
                instant(period.getFrom()),
                instant(period.getTo()),
                period.getOfficerCount(),
                period.getReason(),
                id(period.getRetainedEventId(), eventIds),
                period.getReleasedEventId() == null ? null : id(period.getReleasedEventId(), eventIds));
    }

    private static DispositionRecord disposition(StoredDispositionRecord record, String[] eventIds) {
        return new DispositionRecord(
                id(record.getEventId(), eventIds),
                record.getSequence(),
                DISPOSITIONS.domain(record.getDisposition()),
                instant(record.getOccurredAt()),
                actor(record.getActor()),
                record.getReason(),
                instant(record.getRecordedAt()));
    }

    private static Correction correction(StoredCorrection correction, String[] eventIds) {
        return new Correction(
                id(correction.getEventId(), eventIds),
                TIME_POINTS.domain(correction.getPoint()),
                instant(correction.getFrom()),
                instant(correction.getTo()),
                correction.getReason(),
                actor(correction.getActor()),
                instant(correction.getRecordedAt()),
                correction.getWithdrawnEventId() == null ? null : id(correction.getWithdrawnEventId(), eventIds));
    }

    private static LegalClock legalClock(StoredLegalClock clock) {
        return new LegalClock(
                LEGAL_BASES.domain(clock.getBasis()),
                TIME_POINTS.domain(clock.getStartsFrom()),
                instant(clock.getStartsAt()),
                instant(clock.getDeadline()),
                instant(clock.getExtendedAt()),
                clock.getExtendedBy() == null ? null : actor(clock.getExtendedBy()),
                instant(clock.getDeadlineBeforeExtension()));
    }

    private static DivisionTransfer divisionTransfer(StoredDivisionTransfer transfer, String[] eventIds) {
        return new DivisionTransfer(
                id(transfer.getEventId(), eventIds),
                transfer.getFromDivision(),
                transfer.getToDivision(),
                instant(transfer.getAt()),
                transfer.getReason(),
                actor(transfer.getActor()),
                instant(transfer.getRecordedAt()));
    }

    private static FieldCorrection fieldCorrection(StoredFieldCorrection correction, String[] eventIds) {
        return new FieldCorrection(
                id(correction.getEventId(), eventIds),
                CORRECTED_FIELDS.domain(correction.getField()),
                correction.getFrom(),
                correction.getTo(),
                correction.getReason(),
                actor(correction.getActor()),
                instant(correction.getRecordedAt()));
    }

    private static ClockExtension extension(StoredClockExtension extension, String[] eventIds) {
        return new ClockExtension(
                id(extension.getEventId(), eventIds),
                instant(extension.getOccurredAt()),
                actor(extension.getActor()),
                instant(extension.getRecordedAt()));
    }

    private static EscalationMark escalation(StoredEscalationMark mark, String[] eventIds) {
        return new EscalationMark(
                mark.getLevel(),
                mark.getThresholdMinutes(),
                instant(mark.getDueAt()),
                instant(mark.getFiredAt()),
                mark.getNotified(),
                id(mark.getEventId(), eventIds));
    }

    private static LegalClockWarningMark warning(StoredLegalClockWarningMark mark, String[] eventIds) {
        return new LegalClockWarningMark(
                mark.getMinutesBefore(),
                instant(mark.getDeadline()),
                instant(mark.getDueAt()),
                instant(mark.getFiredAt()),
                mark.getNotified(),
                id(mark.getEventId(), eventIds));
    }

    // Instants

    private static long millis(Instant instant) {
        if (instant.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "instant " + instant + " has a sub-millisecond part; the case store keeps milliseconds");
        }
        return instant.toEpochMilli();
    }

    private static Long nullableMillis(Instant instant) {
        return instant == null ? null : millis(instant);
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    // Identifiers: EventRef = int (index in submissions) | Uuid | string

    private static Object ref(String eventId, Map<String, Integer> index) {
        Integer position = index.get(eventId);
        return position != null ? position : key(eventId);
    }

    private static String id(Object ref, String[] eventIds) {
        if (ref instanceof Integer position) {
            if (position < 0 || position >= eventIds.length) {
                throw new IllegalArgumentException(
                        "eventId reference " + position + " outside the " + eventIds.length + " submissions");
            }
            return eventIds[position];
        }
        return key(ref);
    }

    private static Object key(String id) {
        Uuid uuid = uuid(id);
        return uuid != null ? uuid : id;
    }

    private static Object nullableKey(String id) {
        return id == null ? null : key(id);
    }

    private static String key(Object key) {
        if (key instanceof String text) {
            return text;
        }
        if (key instanceof Uuid uuid) {
            return uuidString(uuid.bytes());
        }
        throw new IllegalArgumentException("not an identifier: " + key);
    }

    private static String nullableKey(Object key) {
        return key == null ? null : key(key);
    }

    /** The 16 bytes of a canonical (lowercase 8-4-4-4-12) UUID string, or null for any other string. */
    static Uuid uuid(String text) {
        if (text.length() != UUID_LENGTH) {
            return null;
        }
        byte[] bytes = new byte[16];
        int b = 0;
        for (int i = 0; i < UUID_LENGTH; ) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (text.charAt(i) != '-') {
                    return null;
                }
                i++;
                continue;
            }
            int high = lowercaseHexDigit(text.charAt(i));
            int low = lowercaseHexDigit(text.charAt(i + 1));
            if (high < 0 || low < 0) {
                return null;
            }
            bytes[b++] = (byte) (high << 4 | low);
            i += 2;
        }
        return new Uuid(bytes);
    }

    private static String uuidString(byte[] bytes) {
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = most << 8 | (bytes[i] & 0xff);
            least = least << 8 | (bytes[i + 8] & 0xff);
        }
        return new UUID(most, least).toString();
    }

    // Fingerprints: null | Fingerprint (16 bytes of 32 lowercase hex digits) | string

    private static Object fingerprint(String fingerprint) {
        if (fingerprint == null) {
            return null;
        }
        if (fingerprint.length() != FINGERPRINT_HEX_DIGITS) {
            return fingerprint;
        }
        for (int i = 0; i < FINGERPRINT_HEX_DIGITS; i++) {
            if (lowercaseHexDigit(fingerprint.charAt(i)) < 0) {
                return fingerprint;
            }
        }
        return new Fingerprint(HEX.parseHex(fingerprint));
    }

    private static String fingerprint(Object stored) {
        if (stored == null || stored instanceof String) {
            return (String) stored;
        }
        if (stored instanceof Fingerprint bytes) {
            return HEX.formatHex(bytes.bytes());
        }
        throw new IllegalArgumentException("not a fingerprint: " + stored);
    }

    private static int lowercaseHexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /** A vocabulary enum and its Avro mirror, mapped by symbol name once. */
    private static final class Symbols<D extends Enum<D>, A extends Enum<A>> {
        final Class<D> domain;
        final Class<A> avro;
        private final A[] toAvro;
        private final D[] toDomain;

        @SuppressWarnings("unchecked")
        Symbols(Class<D> domain, Class<A> avro) {
            this.domain = domain;
            this.avro = avro;
            D[] domainValues = domain.getEnumConstants();
            A[] avroValues = avro.getEnumConstants();
            toAvro = (A[]) Array.newInstance(avro, domainValues.length);
            toDomain = (D[]) Array.newInstance(domain, avroValues.length);
            for (D value : domainValues) {
                for (A symbol : avroValues) {
                    if (symbol.name().equals(value.name())) {
                        toAvro[value.ordinal()] = symbol;
                        toDomain[symbol.ordinal()] = value;
                    }
                }
            }
        }

        A avro(D value) {
            if (value == null) {
                return null;
            }
            A symbol = toAvro[value.ordinal()];
            if (symbol == null) {
                throw new IllegalArgumentException(domain.getSimpleName() + "." + value + " has no symbol in "
                        + avro.getSimpleName() + " (the case store schema)");
            }
            return symbol;
        }

        D domain(A symbol) {
            if (symbol == null) {
                return null;
            }
            D value = toDomain[symbol.ordinal()];
            if (value == null) {
                throw new IllegalArgumentException(
                        avro.getSimpleName() + "." + symbol + " is not a " + domain.getSimpleName());
            }
            return value;
        }
    }
}
