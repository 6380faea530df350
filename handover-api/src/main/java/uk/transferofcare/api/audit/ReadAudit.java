package uk.transferofcare.api.audit;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one row to {@code audit.reads} after every call of an {@link AuditedRead} handler, once its status is known
 * (so refused and unknown reads are there too). Only what identifies the read is kept: the caller's user id, role and
 * org from the verified token, the case and event ids when they are UUIDs, the endpoint's path pattern, the format,
 * and the allowed report parameters when they are codes or ISO dates (anything else is recorded as {@code "?"}). The
 * insert runs on the request's thread after the answer is written; a failure to record is logged (WARN, without the
 * values) and never changes the answer already sent.
 *
 * <p>An answer given asynchronously is recorded when it completes; a stream ({@link AuditedRead.Kind#STREAM}) when it
 * opens, with the status it opened with (a refused stream never starts and is recorded like any refusal).
 */
@Component
class ReadAudit implements AsyncHandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ReadAudit.class);

    /**
     * A code (QEUH, G, site, week), an ISO date or two groupings (weekday,hour): what report parameters are when
     * valid.
     */
    private static final Pattern SAFE_VALUE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9,-]{0,31}$");

    private static final Pattern UUID_SHAPE =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private static final String INSERT = """
            INSERT INTO audit.reads (read_at, user_id, role, org, kind, case_id, event_id, resource, format,
                                     parameters, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            """;

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;

    ReadAudit(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!(handler instanceof HandlerMethod method)) {
            return;
        }
        AuditedRead audited = method.getMethodAnnotation(AuditedRead.class);
        if (audited == null
                || request.isAsyncStarted()
                || (audited.value() == AuditedRead.Kind.STREAM
                        && request.getDispatcherType() == DispatcherType.ASYNC)) {
            return;
        }
        record(request, response, audited);
    }

    @Override
    public void afterConcurrentHandlingStarted(
            HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            AuditedRead audited = method.getMethodAnnotation(AuditedRead.class);
            if (audited != null && audited.value() == AuditedRead.Kind.STREAM) {
                record(request, response, audited);
            }
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, AuditedRead audited) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            return; // 401s are answered before any handler runs
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : audited.parameters()) {
            String value = request.getParameter(name);
            if (value != null) {
                parameters.put(name, SAFE_VALUE.matcher(value).matches() ? value : "?");
            }
        }
        String contentType = response.getContentType();
        String format = audited.value() == AuditedRead.Kind.STREAM
                ? "sse"
                : contentType != null && contentType.startsWith("text/csv") ? "csv" : "json";
        try {
            jdbc.update(
                    INSERT,
                    Timestamp.from(clock.instant()),
                    jwt.getSubject(),
                    jwt.getClaimAsString("role"),
                    jwt.getClaimAsString("org"),
                    audited.value().name(),
                    uuid(variables, "caseId"),
                    uuid(variables, "eventId"),
                    pattern == null ? request.getRequestURI() : pattern,
                    format,
                    json.writeValueAsString(parameters),
                    response.getStatus());
        } catch (RuntimeException e) {
            log.warn(
                    "Could not record a {} read in audit.reads: {}",
                    audited.value(),
                    e.getClass().getName());
        }
    }

    private static UUID uuid(Map<String, String> variables, String name) {
        String value = variables == null ? null : variables.get(name);
        return value != null && UUID_SHAPE.matcher(value).matches() ? UUID.fromString(value) : null;
    }
}
