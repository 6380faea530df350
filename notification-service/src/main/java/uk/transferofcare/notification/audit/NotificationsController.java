package uk.transferofcare.notification.audit;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.config.NotificationProperties;

/**
 * Recent deliveries and failures: {@code GET /api/notifications?status=FAILED&caseId=...&limit=50} (JSON, newest
 * first) and the same as a small HTML page at {@code /notifications}. Bad parameters answer
 * {@code application/problem+json} naming the parameter and the rule.
 */
@RestController
class NotificationsController {

    static final int MAX_LIMIT = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM HH:mm:ss", Locale.UK);

    private final RecentOutcomes recent;
    private final ZoneId zone;

    NotificationsController(RecentOutcomes recent, NotificationProperties properties) {
        this.recent = recent;
        this.zone = properties.timeZone();
    }

    @GetMapping(path = "/api/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
    List<OutcomeView> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String caseId,
            @RequestParam(required = false, defaultValue = "50") String limit) {
        return find(status, caseId, limit).stream().map(OutcomeView::of).toList();
    }

    @GetMapping(path = "/notifications", produces = MediaType.TEXT_HTML_VALUE)
    String page(
            @RequestParam(required = false) String status,
            @RequestParam(required = false, defaultValue = "100") String limit) {
        List<NotificationOutcome> outcomes = find(status, null, limit);
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Notifications</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}
                th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left}
                .FAILED{background:#fde2e2}.RETRYING{background:#fff4d6}.DELIVERED{background:#e5f6e5}</style>
                </head><body><main><h1>Notifications</h1>
                <p>Recent outcomes from <code>notification-outcomes</code>, newest first. Filter:
                <a href="/notifications">all</a> · <a href="/notifications?status=DELIVERED">delivered</a> ·
                <a href="/notifications?status=RETRYING">retrying</a> · <a href="/notifications?status=FAILED">failed</a>
                · <a href="/notifications?status=SUPPRESSED">suppressed</a></p>
                """);
        if (outcomes.isEmpty()) {
            html.append("<p>No notifications yet.</p>");
        } else {
            html.append("<table><caption>")
                    .append(outcomes.size())
                    .append(" outcomes</caption><thead><tr><th scope=\"col\">When (")
                    .append(esc(zone.getId()))
                    .append(")</th><th scope=\"col\">Status</th><th scope=\"col\">Event</th>")
                    .append("<th scope=\"col\">Case</th><th scope=\"col\">Site</th><th scope=\"col\">Recipient</th>")
                    .append("<th scope=\"col\">Channel</th><th scope=\"col\">Attempt</th>")
                    .append("<th scope=\"col\">Detail</th></tr></thead><tbody>");
            for (NotificationOutcome o : outcomes) {
                html.append("<tr class=\"")
                        .append(o.getStatus().name())
                        .append("\"><td>")
                        .append(esc(TIME.format(o.getAt().atZone(zone))))
                        .append("</td><td>")
                        .append(o.getStatus().name())
                        .append("</td><td>")
                        .append(esc(o.getEventType().name()))
                        .append(o.getEscalationLevel() == null ? "" : " L" + o.getEscalationLevel())
                        .append("</td><td><a href=\"/api/notifications?caseId=")
                        .append(esc(o.getCaseId()))
                        .append("\">")
                        .append(esc(o.getCaseId()
                                .substring(0, Math.min(8, o.getCaseId().length()))))
                        .append("</a></td><td>")
                        .append(esc(String.valueOf(o.getSiteCode())))
                        .append("</td><td>")
                        .append(esc(o.getRecipient()))
                        .append("</td><td>")
                        .append(o.getChannel().name())
                        .append("</td><td>")
                        .append(o.getAttempt())
                        .append("</td><td>")
                        .append(esc(o.getDetail() == null ? "" : o.getDetail()))
                        .append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        return html.append("</main></body></html>").toString();
    }

    private List<NotificationOutcome> find(String status, String caseId, String limit) {
        NotificationStatus parsedStatus = null;
        if (status != null && !status.isBlank()) {
            try {
                parsedStatus = NotificationStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw badRequest(
                        "status",
                        "must be one of " + Arrays.toString(NotificationStatus.values()) + ", was '" + status + "'");
            }
        }
        int parsedLimit;
        try {
            parsedLimit = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            throw badRequest("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
            throw badRequest("limit", "must be from 1 to " + MAX_LIMIT + ", was " + parsedLimit);
        }
        return recent.find(parsedStatus, caseId == null || caseId.isBlank() ? null : caseId.strip(), parsedLimit);
    }

    static ErrorResponseException badRequest(String parameter, String rule) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, parameter + ": " + rule);
        problem.setTitle("Invalid request parameter");
        problem.setProperty("parameter", parameter);
        problem.setProperty("rule", rule);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s);
    }
}
