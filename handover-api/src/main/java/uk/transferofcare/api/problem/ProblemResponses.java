package uk.transferofcare.api.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Renders an {@link ApiProblem} the same way from controllers and from servlet filters. */
@Component
public class ProblemResponses {

    private final JsonMapper json;

    public ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    public static ResponseEntity<ProblemBody> entity(ApiProblem problem, HttpServletRequest request) {
        return entity(problem, request.getRequestURI());
    }

    /** The answer for a problem found after the request thread was released (an asynchronous answer). */
    public static ResponseEntity<ProblemBody> entity(ApiProblem problem, String instance) {
        ResponseEntity.BodyBuilder builder =
                ResponseEntity.status(problem.type().status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
        }
        return builder.body(ProblemBody.of(problem, instance));
    }

    /** Writes the problem straight to a servlet response (filters, security entry points). */
    public void write(ApiProblem problem, HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(problem.type().status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        if (problem.retryAfterSeconds() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
        }
        response.getOutputStream().write(json.writeValueAsBytes(ProblemBody.of(problem, request.getRequestURI())));
        response.flushBuffer();
    }
}
