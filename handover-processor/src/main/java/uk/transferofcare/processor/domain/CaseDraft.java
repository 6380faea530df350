package uk.transferofcare.processor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.transferofcare.vocabulary.AssessmentMode;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.ReferralPathway;

/** A mutable copy of a {@link CaseFile} the state machine changes and then freezes. Package-private. */
final class CaseDraft {
    String caseId;
    long version;
    String siteCode;
    String policeDivision;
    LegalBasis legalBasis;
    Integer officerCount;
    String localReference;
    String linkedFromCaseId;
    String divertedToCaseId;
    String destinationSiteCode;
    Instant eta;
    Timeline timeline;
    CaseState terminalOutcome;
    Voiding voiding;
    List<RetainedPeriod> retained;
    List<Correction> corrections;
    LegalClock legalClock;
    List<EscalationMark> escalations;
    List<LegalClockWarningMark> legalClockWarnings;
    int lateEvents;
    int rejectedSubmissions;
    int duplicateSubmissions;
    Map<String, Verdict> submissions;
    Map<String, String> fingerprints;
    Instant openedAt;
    Instant updatedAt;
    String lastEventId;
    List<DivisionTransfer> divisionTransfers;
    List<FieldCorrection> fieldCorrections;
    ClockExtension legalClockExtension;
    List<DispositionRecord> dispositions;
    ReferralPathway referralPathway;
    AssessmentMode assessmentMode;
    List<DelayReasonRecord> delayReasons;
    List<OfficerChange> officerChanges;

    static CaseDraft opening(String caseId, String siteCode, Instant openedAt) {
        CaseDraft draft = new CaseDraft();
        draft.caseId = caseId;
        draft.siteCode = siteCode;
        draft.timeline = Timeline.EMPTY;
        draft.retained = new ArrayList<>();
        draft.corrections = new ArrayList<>();
        draft.escalations = new ArrayList<>();
        draft.legalClockWarnings = new ArrayList<>();
        draft.submissions = new LinkedHashMap<>();
        draft.fingerprints = new LinkedHashMap<>();
        draft.openedAt = openedAt;
        draft.divisionTransfers = new ArrayList<>();
        draft.fieldCorrections = new ArrayList<>();
        draft.dispositions = new ArrayList<>();
        draft.delayReasons = new ArrayList<>();
        draft.officerChanges = new ArrayList<>();
        return draft;
    }

    static CaseDraft of(CaseFile file) {
        CaseDraft draft = new CaseDraft();
        draft.caseId = file.caseId();
        draft.version = file.version();
        draft.siteCode = file.siteCode();
        draft.policeDivision = file.policeDivision();
        draft.legalBasis = file.legalBasis();
        draft.officerCount = file.officerCount();
        draft.localReference = file.localReference();
        draft.linkedFromCaseId = file.linkedFromCaseId();
        draft.divertedToCaseId = file.divertedToCaseId();
        draft.destinationSiteCode = file.destinationSiteCode();
        draft.eta = file.eta();
        draft.timeline = file.timeline();
        draft.terminalOutcome = file.terminalOutcome();
        draft.voiding = file.voiding();
        draft.retained = new ArrayList<>(file.retained());
        draft.corrections = new ArrayList<>(file.corrections());
        draft.legalClock = file.legalClock();
        draft.escalations = new ArrayList<>(file.escalations());
        draft.legalClockWarnings = new ArrayList<>(file.legalClockWarnings());
        draft.lateEvents = file.lateEvents();
        draft.rejectedSubmissions = file.rejectedSubmissions();
        draft.duplicateSubmissions = file.duplicateSubmissions();
        draft.submissions = new LinkedHashMap<>(file.submissions());
        draft.fingerprints = new LinkedHashMap<>(file.fingerprints());
        draft.openedAt = file.openedAt();
        draft.updatedAt = file.updatedAt();
        draft.lastEventId = file.lastEventId();
        draft.divisionTransfers = new ArrayList<>(file.divisionTransfers());
        draft.fieldCorrections = new ArrayList<>(file.fieldCorrections());
        draft.legalClockExtension = file.legalClockExtension();
        draft.dispositions = new ArrayList<>(file.dispositions());
        draft.referralPathway = file.referralPathway();
        draft.assessmentMode = file.assessmentMode();
        draft.delayReasons = new ArrayList<>(file.delayReasons());
        draft.officerChanges = new ArrayList<>(file.officerChanges());
        return draft;
    }

    CaseFile build() {
        return new CaseFile(
                caseId,
                version,
                siteCode,
                policeDivision,
                legalBasis,
                officerCount,
                localReference,
                linkedFromCaseId,
                divertedToCaseId,
                destinationSiteCode,
                eta,
                timeline,
                terminalOutcome,
                voiding,
                retained,
                corrections,
                legalClock,
                escalations,
                legalClockWarnings,
                lateEvents,
                rejectedSubmissions,
                duplicateSubmissions,
                submissions,
                fingerprints,
                openedAt,
                updatedAt,
                lastEventId,
                divisionTransfers,
                fieldCorrections,
                legalClockExtension,
                dispositions,
                referralPathway,
                assessmentMode,
                delayReasons,
                officerChanges);
    }

    boolean isOpen() {
        return voiding == null
                && terminalOutcome == null
                && !timeline.has(uk.transferofcare.vocabulary.TimePoint.CLEARED);
    }

    CaseState state() {
        return CaseFile.stateOf(voiding != null, terminalOutcome, timeline);
    }
}
