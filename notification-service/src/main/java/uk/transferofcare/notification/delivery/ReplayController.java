package uk.transferofcare.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import uk.transferofcare.notification.config.NotificationProperties;

/**
 * {@code POST /api/notifications/dlt/replay} with header {@code X-Admin-Token: <notification.admin.token>}:
 * re-drives the dead-letter topic (see {@link DeadLetterReplay}). Without a configured token (env
 * {@code NOTIFY_ADMIN_TOKEN}) the endpoint is disabled (403); a wrong or missing token is 401.
 */
@RestController
class ReplayController {

    static final String TOKEN_HEADER = "X-Admin-Token";

    private final DeadLetterReplay replay;
    private final byte[] token;

    ReplayController(DeadLetterReplay replay, NotificationProperties properties) {
        this.replay = replay;
        String configured = properties.admin().token();
        this.token = configured == null || configured.isBlank()
                ? null
                : configured.strip().getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(path = "/api/notifications/dlt/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    DeadLetterReplay.Report replay(@RequestHeader(name = TOKEN_HEADER, required = false) String presented) {
        if (token == null) {
            throw problem(
                    HttpStatus.FORBIDDEN,
                    "Replay disabled",
                    "notification.admin.token is not set (NOTIFY_ADMIN_TOKEN): replay over HTTP is off");
        }
        if (presented == null || !MessageDigest.isEqual(token, presented.strip().getBytes(StandardCharsets.UTF_8))) {
            throw problem(HttpStatus.UNAUTHORIZED, "Admin token required", TOKEN_HEADER + ": missing or wrong");
        }
        return replay.replay();
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
