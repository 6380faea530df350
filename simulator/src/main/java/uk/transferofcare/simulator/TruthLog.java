package uk.transferofcare.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ground-truth file: JSON lines. The first line describes the run ({@code "kind":"run"}); then one line per
 * submission once its verdict came ({@code "kind":"submission"}: what, by whom, what the simulator expected the
 * platform to answer and make of it, and what the API answered), one line per case when its chain is finished ({@code "kind":"case"}: the
 * time points and outcome the platform must end up showing), and a last summary line ({@code "kind":"summary"}).
 */
final class TruthLog implements AutoCloseable {

    private final BufferedWriter out;

    TruthLog(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    synchronized void write(Map<String, Object> line) {
        try {
            out.write(ApiClient.JSON.writeValueAsString(line));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A submission once it is done with: what was sent, what the simulator expected (to its first send, and as the
     * verdict), the first and the last answer, and why it was unexpected (null when every answer was as expected).
     */
    void submission(Step step, Reply last, String unexpected) {
        Submission s = step.submission;
        ExpectedCase.Judgement first = step.expected.first();
        ExpectedCase.Judgement verdict = step.expected.verdict();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "submission");
        line.put("chain", step.chain);
        line.put("step", step.position);
        line.put("caseId", step.target.caseId());
        line.put("eventId", s.eventId());
        line.put("type", s.type());
        line.put("occurredAt", s.occurredAt().toString());
        line.put("corrects", corrects(s));
        // What an ACTION_UNDONE withdraws (the eventId it names): who must hear of an undo depends on the point undone.
        line.put("undoes", s.type().equals("ACTION_UNDONE") ? s.details().get("undoneEventId") : null);
        line.put("userId", s.user().userId());
        line.put("role", s.user().role());
        line.put("org", s.user().org());
        line.put("queuedOffline", s.queuedOffline());
        line.put("resend", step.resend);
        line.put("scenario", step.scenario == null ? null : step.scenario.label());
        line.put("intent", step.intent);
        line.put("expect", first.verdict().name());
        line.put("rule", first.rule());
        line.put("expectVerdict", verdict.verdict().name());
        line.put("verdictRule", verdict.rule());
        // The user's wait for the verdict: from the first attempt (retries after a 503 or a refused connection
        // included) to the answer it ended with; a submission answered HELD waited for another one as well.
        line.put("firstAttemptAt", step.firstAttemptAt == null ? null : step.firstAttemptAt.toString());
        line.put("answeredAt", last == null || step.answeredAt == null ? null : step.answeredAt.toString());
        line.put("held", step.held);
        line.put("sentAt", step.firstSentAt == null ? null : step.firstSentAt.toString());
        line.put("firstAnsweredAt", step.firstAnsweredAt == null ? null : step.firstAnsweredAt.toString());
        line.put("httpStatus", step.firstSentAt == null ? null : step.firstStatus);
        line.put("answer", step.firstAnswer);
        line.put("resends", step.resends);
        line.put("finalAnswer", last == null ? null : last.toString());
        line.put("linkedCaseId", last == null ? null : last.linkedCaseId());
        line.put("attempts", step.attempts);
        List<Map<String, Object>> tries = new ArrayList<>();
        for (Step.Try t : step.tries) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(
                    "dueAt",
                    t.dueMillis() <= 0
                            ? null
                            : Instant.ofEpochMilli(t.dueMillis()).toString());
            entry.put("sentAt", t.sentAt().toString());
            entry.put("millis", t.millis());
            entry.put("status", t.status());
            tries.add(entry);
        }
        line.put("tries", tries);
        line.put("unexpected", unexpected);
        if (unexpected != null && last != null) {
            line.put("body", Runner.brief(last.body()));
        }
        write(line);
    }

    /** What a CORRECTED corrects: the time point it names, or the attribute's field; null for other types. */
    private static String corrects(Submission s) {
        if (!s.type().equals("CORRECTED")) {
            return null;
        }
        Object point = s.details().get("correctedPoint");
        return point != null
                ? point.toString()
                : ExpectedCase.CORRECTED_FIELDS.stream()
                        .filter(f -> s.details().get(f) != null)
                        .findFirst()
                        .orElse(null);
    }

    void expectedCase(ExpectedCase c) {
        write(caseLine(c));
    }

    static Map<String, Object> caseLine(ExpectedCase c) {
        Map<String, Object> points = new LinkedHashMap<>();
        points.put("removedAt", text(c.point(Point.REMOVED)));
        points.put("preAlertedAt", text(c.point(Point.PRE_ALERTED)));
        points.put("arrivedAt", text(c.point(Point.ARRIVED)));
        points.put("acknowledgedAt", text(c.acknowledgedAt()));
        points.put("handoverStartedAt", text(c.point(Point.HANDOVER_STARTED)));
        points.put("handedOverAt", text(c.point(Point.HANDED_OVER)));
        points.put("clearedAt", text(c.point(Point.CLEARED)));
        points.put("outcomeAt", text(c.point(Point.OUTCOME)));
        points.put("assessmentStartedAt", text(c.point(Point.ASSESSMENT_STARTED)));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "case");
        line.put("caseId", c.caseId());
        line.put("opened", c.opened());
        line.put("siteCode", c.siteCode());
        line.put("division", c.division());
        line.put("officerCount", c.officerCount());
        line.put("legalBasis", c.legalBasis());
        line.put("linkedFrom", c.linkedFrom());
        line.put("personKey", c.personKey());
        line.put("divertedTo", c.divertedTo());
        line.put("scenario", c.scenario());
        line.put("heldSubmissions", c.heldSubmissions());
        line.put("state", c.state());
        line.put("open", c.open());
        line.put("void", c.voided());
        line.put("outcome", c.outcome() != null ? c.outcome() : c.point(Point.CLEARED) != null ? "CLEARED" : null);
        line.put("complete", c.complete());
        line.put("disposition", c.disposition());
        line.put("referralPathway", c.referralPathway());
        line.put("acknowledgedImplied", c.acknowledgedImplied());
        line.put("points", points);
        line.put("firstEventAt", text(c.firstEventAt()));
        Instant dayOf = c.point(Point.ARRIVED) != null ? c.point(Point.ARRIVED) : c.firstEventAt();
        line.put(
                "reportDay",
                dayOf == null ? null : LocalDate.ofInstant(dayOf, Rhythm.LONDON).toString());
        line.put("assessmentMode", c.assessmentMode());
        line.put("delayReasons", c.delayReasons());
        line.put("officerCountChanges", c.officerCountChanges());
        line.put("officerSeconds", c.officerSeconds());
        // Issue 13's relief and mistakes: the division, legal basis and site above are the ones standing after them.
        line.put("legalClockExtendedAt", text(c.legalClockExtendedAt()));
        line.put("divisionTransfers", c.divisionTransfers());
        line.put("fieldCorrections", c.fieldCorrections());
        List<Instant[]> retained = c.retained();
        line.put(
                "retained",
                retained.stream()
                        .map(p -> List.of(p[0].toString(), p[1] == null ? "" : p[1].toString()))
                        .toList());
        return line;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
