package uk.transferofcare.notification.audit;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.access.Reader;
import uk.transferofcare.notification.config.NotificationProperties;

/**
 * Recent deliveries and failures: {@code GET /api/notifications?status=FAILED&caseId=...&limit=50} (JSON, newest
 * first; SUPERVISOR or ADMIN, a SUPERVISOR sees only their site's or division's cases) and a small HTML page at
 * {@code /notifications} that shows the same with the caller's token. Bad parameters answer
 * {@code application/problem+json} naming the parameter and the rule.
 */
@RestController
class NotificationsController {

    static final int MAX_LIMIT = 500;

    private final RecentOutcomes recent;
    private final ZoneId zone;

    NotificationsController(RecentOutcomes recent, NotificationProperties properties) {
        this.recent = recent;
        this.zone = properties.timeZone();
    }

    @GetMapping(path = "/api/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
    List<OutcomeView> list(
            Authentication authentication,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String caseId,
            @RequestParam(required = false, defaultValue = "50") String limit) {
        Reader reader = Reader.of(authentication);
        return find(reader, status, caseId, limit).stream().map(OutcomeView::of).toList();
    }

    /**
     * The page: a shell that holds no data (public, like handover-api's pages); {@code /notifications.js} asks for a
     * bearer token (from {@code #token=...}, which the local launcher prints, or pasted) and fetches
     * {@code /api/notifications} with it.
     */
    @GetMapping(path = "/notifications", produces = MediaType.TEXT_HTML_VALUE)
    String page() {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Notifications</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}
                th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left}
                code{overflow-wrap:anywhere}input{max-width:100%%}.scroll{overflow-x:auto}
                .error{border:4px solid #d4351c;padding:.5rem 1rem;margin:1rem 0}.error h2{margin:0 0 .5rem}
                .FAILED{background:#fde2e2}.RETRYING{background:#fff4d6}.DELIVERED{background:#e5f6e5}</style>
                </head><body><main><h1>Notifications</h1>
                <p>Recent outcomes from <code>notification-outcomes</code>, newest first, for a SUPERVISOR (their site or
                division) or an ADMIN (all). Times in %s.</p>
                <div id="error" class="error" role="alert" hidden><h2>There is a problem</h2><p id="error-text"></p></div>
                <form id="token-form"><label for="token">Bearer token</label>
                <input id="token" name="token" type="password" autocomplete="off" size="40">
                <button id="show" type="submit">Show</button>
                <span>Local run: open the link <code>./run</code> prints, or mint one with
                <code>curl -X POST localhost:8080/dev/tokens -H 'Content-Type: application/json'
                -d '{"subject":"sup-1","role":"SUPERVISOR","org":"QEUH"}'</code></span></form>
                <p>Filter: <select id="status" aria-label="status"><option value="">all</option>
                <option>DELIVERED</option><option>RETRYING</option><option>FAILED</option><option>SUPPRESSED</option>
                </select></p>
                <p id="message" role="status"></p>
                <div id="outcomes" class="scroll" role="region" aria-labelledby="outcomes-caption" tabindex="0" hidden>
                <table><caption id="outcomes-caption"></caption><thead><tr><th scope="col">When</th>
                <th scope="col">Status</th><th scope="col">Event</th><th scope="col">Case</th><th scope="col">Site</th>
                <th scope="col">Division</th><th scope="col">Recipient</th><th scope="col">Channel</th>
                <th scope="col">Attempt</th><th scope="col">Detail</th></tr></thead><tbody></tbody></table></div>
                <script src="/notifications.js"></script>
                </main></body></html>
                """.formatted(HtmlUtils.htmlEscape(zone.getId()));
    }

    private List<NotificationOutcome> find(Reader reader, String status, String caseId, String limit) {
        NotificationStatus parsedStatus = null;
        if (status != null && !status.isBlank()) {
            // UNKNOWN is the contract's reader default, never a recorded status.
            List<String> statuses = Arrays.stream(NotificationStatus.values())
                    .filter(s -> s != NotificationStatus.UNKNOWN)
                    .map(Enum::name)
                    .toList();
            String wanted = status.strip().toUpperCase(Locale.ROOT);
            if (!statuses.contains(wanted)) {
                throw badRequest("status", "must be one of " + statuses + ", was '" + status + "'");
            }
            parsedStatus = NotificationStatus.valueOf(wanted);
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
        return recent.find(
                reader::canSee, parsedStatus, caseId == null || caseId.isBlank() ? null : caseId.strip(), parsedLimit);
    }

    static ErrorResponseException badRequest(String parameter, String rule) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, parameter + ": " + rule);
        problem.setTitle("Invalid request parameter");
        problem.setProperty("parameter", parameter);
        problem.setProperty("rule", rule);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
