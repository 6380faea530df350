package uk.transferofcare.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ground-truth file: JSON lines. The first line describes the run ({@code "kind":"run"}); then one line per
 * submission as it was sent ({@code "kind":"submission"}: what, by whom, what the simulator expects the platform to
 * make of it, and what the API answered), one line per case when its chain is finished ({@code "kind":"case"}: the
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

    void submission(Step step, int status, String answer, int attempts, Instant sentAt) {
        Submission s = step.submission;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "submission");
        line.put("caseId", s.caseId());
        line.put("eventId", s.eventId());
        line.put("type", s.type());
        line.put("occurredAt", s.occurredAt().toString());
        line.put("userId", s.user().userId());
        line.put("role", s.user().role());
        line.put("org", s.user().org());
        line.put("queuedOffline", s.queuedOffline());
        line.put("resend", step.resend);
        line.put("expect", step.expected.verdict().name());
        line.put("rule", step.expected.rule());
        line.put("intent", step.intent);
        line.put("sentAt", sentAt == null ? null : sentAt.toString());
        line.put("httpStatus", status);
        line.put("answer", answer);
        line.put("attempts", attempts);
        write(line);
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
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "case");
        line.put("caseId", c.caseId());
        line.put("opened", c.opened());
        line.put("siteCode", c.siteCode());
        line.put("division", c.division());
        line.put("officerCount", c.officerCount());
        line.put("legalBasis", c.legalBasis());
        line.put("linkedFrom", c.linkedFrom());
        line.put("divertedTo", c.divertedTo());
        line.put("scenario", c.scenario());
        line.put("state", c.state());
        line.put("open", c.open());
        line.put("void", c.voided());
        line.put("outcome", c.outcome() != null ? c.outcome() : c.point(Point.CLEARED) != null ? "CLEARED" : null);
        line.put("complete", c.complete());
        line.put("acknowledgedImplied", c.acknowledgedImplied());
        line.put("points", points);
        line.put("firstEventAt", text(c.firstEventAt()));
        Instant dayOf = c.point(Point.ARRIVED) != null ? c.point(Point.ARRIVED) : c.firstEventAt();
        line.put(
                "reportDay",
                dayOf == null ? null : LocalDate.ofInstant(dayOf, Rhythm.LONDON).toString());
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
