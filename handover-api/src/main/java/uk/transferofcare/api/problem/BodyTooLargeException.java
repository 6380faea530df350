package uk.transferofcare.api.problem;

import java.io.IOException;
import java.util.List;

/** A request body grew past the limit while being read. */
public class BodyTooLargeException extends IOException {

    private final int maxBytes;

    public BodyTooLargeException(int maxBytes) {
        super("request body larger than " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public static ApiProblem problem(int maxBytes) {
        String message = "the body may be at most " + maxBytes + " bytes";
        return new ApiProblem(
                ProblemType.PAYLOAD_TOO_LARGE, message, List.of(new FieldError("body", "max-size", message)));
    }
}
