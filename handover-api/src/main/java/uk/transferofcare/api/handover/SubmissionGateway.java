package uk.transferofcare.api.handover;

import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import uk.transferofcare.api.access.Caller;

/**
 * Takes a submission whose body is valid and whose type the caller's role may send, and answers with the processor's
 * verdict. Production: {@link KafkaSubmissionGateway}. The future never completes exceptionally: every failure is an
 * answer (503 with Retry-After when nothing durable happened).
 */
public interface SubmissionGateway {

    CompletableFuture<ResponseEntity<?>> submit(Caller caller, ValidatedSubmission submission);
}
