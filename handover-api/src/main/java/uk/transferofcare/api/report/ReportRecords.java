package uk.transferofcare.api.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.stream.Stream;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.TimePoints;

/** Maps the wire records of {@code handover-completed} and {@code handover-state} to what the reports keep. */
final class ReportRecords {

    /** Reports are by Europe/London calendar day, ISO week and month. */
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    private ReportRecords() {}

    /** The report day of a case: the London day of arrivedAt, or of the first event when it never arrived. */
    static LocalDate reportDay(Instant arrivedAt, Instant firstEventAt) {
        return LocalDate.ofInstant(reportAt(arrivedAt, firstEventAt), LONDON);
    }

    /** The instant a case is reported at: arrivedAt, or the first event when it never arrived. */
    static Instant reportAt(Instant arrivedAt, Instant firstEventAt) {
        Instant at = arrivedAt != null ? arrivedAt : firstEventAt;
        if (at == null) {
            throw new IllegalArgumentException("a case has arrivedAt or a first event");
        }
        return at;
    }

    static ClosedCase closed(CompletedCase completed) {
        return new ClosedCase(
                completed.getCaseId(),
                completed.getVersion(),
                completed.getOutcome().name(),
                completed.getSiteCode(),
                completed.getPoliceDivision(),
                reportAt(completed.getArrivedAt(), completed.getFirstEventAt()),
                completed.getComplete(),
                completed.getArrivalToAcknowledgedSeconds(),
                completed.getHandoverSeconds(),
                completed.getHandoverToClearSeconds(),
                completed.getTimeAtEdSeconds(),
                completed.getOfficerSeconds(),
                completed.getLegalBasis() == null
                        ? null
                        : completed.getLegalBasis().name(),
                completed.getMaxEscalationLevel(),
                completed.getLegalClockBreached(),
                completed.getRepeatWithin30d(),
                completed.getRepeatWithin90d(),
                completed.getDisposition() == null
                        ? null
                        : completed.getDisposition().name(),
                completed.getReferralPathway() == null
                        ? null
                        : completed.getReferralPathway().name(),
                completed.getArrivalToAssessmentSeconds(),
                completed.getDelayReasons().stream()
                        .map(Enum::name)
                        .filter(name -> !name.equals("UNKNOWN"))
                        .distinct()
                        .sorted()
                        .toList());
    }

    /**
     * The open case a snapshot describes, or empty when the snapshot is of a closed case (closed cases come from
     * {@code handover-completed}, which carries their numbers).
     */
    static Optional<OpenCase> open(CaseSnapshot snapshot) {
        if (!snapshot.getOpen()) {
            return Optional.empty();
        }
        TimePoints points = snapshot.getPoints();
        return Optional.of(new OpenCase(
                snapshot.getCaseId(),
                snapshot.getVersion(),
                snapshot.getSiteCode(),
                snapshot.getPoliceDivision(),
                reportAt(points.getArrivedAt(), earliestPoint(points)),
                snapshot.getLegalBasis() == null
                        ? null
                        : snapshot.getLegalBasis().name()));
    }

    /**
     * The earliest recorded time point (as {@code CompletedCase.firstEventAt}: every point, removedAt included; eta
     * is an expectation, not a point).
     */
    static Instant earliestPoint(TimePoints points) {
        return Stream.of(
                        points.getRemovedAt(),
                        points.getPreAlertedAt(),
                        points.getArrivedAt(),
                        points.getAcknowledgedAt(),
                        points.getHandoverStartedAt(),
                        points.getHandedOverAt(),
                        points.getClearedAt(),
                        points.getOutcomeAt())
                .filter(at -> at != null)
                .min(Instant::compareTo)
                .orElse(null);
    }
}
