package uk.transferofcare.api.handover;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.ProblemBody;
import uk.transferofcare.vocabulary.Permissions;
import uk.transferofcare.vocabulary.RuleCode;

/**
 * One endpoint for every event type a user can submit. It checks only what needs no case (the token, the rate, the
 * body's shape, which event types the caller's role may send) and answers with the processor's verdict.
 */
@RestController
@Tag(name = "Submissions")
class SubmissionController {

    private final SubmissionValidator validator;
    private final SubmissionGateway gateway;
    private final SubmissionRateLimiter rateLimiter;

    SubmissionController(SubmissionValidator validator, SubmissionGateway gateway, SubmissionRateLimiter rateLimiter) {
        this.validator = validator;
        this.gateway = gateway;
        this.rateLimiter = rateLimiter;
    }

    @PostMapping(
            path = "/api/v1/handovers/{caseId}/events",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @Operation(
            summary = "Submit an event for a case; the answer is the processor's verdict",
            description = "The submission is written to Kafka (acks=all) and judged by the processor, the only judge"
                    + " of every rule that needs the case. 201: applied. 200: the same fact is already recorded"
                    + " (DUPLICATE, naming the original event). 202: the case is not open yet (HELD: judged when it"
                    + " opens), or no verdict came within the wait (PENDING): send the same eventId again or read"
                    + " the status URL; a 202 is never final. 403/409/422/404: rejected, with the processor's rule"
                    + " code and the field. The same eventId again gets the same answer; another body under a used"
                    + " eventId is 409 EVENT_ID_REUSED. 503: nothing is confirmed; send it again after Retry-After."
                    + " The first PRE_ALERTED, or ARRIVED naming the site (and, from ED staff, the police division),"
                    + " opens the case.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = SubmissionRequest.class))))
    @ApiResponse(
            responseCode = "201",
            description = "Applied: the event's number in the case; Location is the status URL",
            content = @Content(schema = @Schema(implementation = SubmissionAnswers.Receipt.class)))
    @ApiResponse(
            responseCode = "200",
            description = "DUPLICATE: the same fact was already recorded by originalEventId; nothing changed",
            content = @Content(schema = @Schema(implementation = SubmissionAnswers.Receipt.class)))
    @ApiResponse(
            responseCode = "202",
            description = "HELD (the case is not open yet) or PENDING (no verdict in time); not final",
            content = @Content(schema = @Schema(implementation = SubmissionAnswers.Receipt.class)))
    @ApiResponse(
            responseCode = "403",
            description = "Rejected: the role may not send this type, or the organisation may not act on this case"
                    + " (NOT_PERMITTED, WRONG_SITE), or an undo of another user's point (UNDO_NOT_OWN)",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(
            responseCode = "409",
            description = "Rejected: conflicts with the case (R3_ORDER, R5_ALREADY_RECORDED, NOT_RECORDED,"
                    + " INVALID_TRANSITION, CASE_VOID, CASE_MISMATCH, EVENT_ID_REUSED; for ACTION_UNDONE"
                    + " UNDO_NOT_FOUND, UNDO_TOO_LATE, UNDO_NOT_LATEST)",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(
            responseCode = "422",
            description = "Rejected: the submission cannot be right whatever the case (R2_FUTURE, MISSING_DETAIL,"
                    + " INVALID_DETAIL)",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(
            responseCode = "404",
            description = "Rejected UNKNOWN_CASE: no case opened within the holding horizon",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(
            responseCode = "503",
            description = "Not confirmed (Kafka unreachable, or too many waiting): send the same eventId again after"
                    + " Retry-After",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemBody.class)))
    CompletableFuture<ResponseEntity<?>> submit(
            @Parameter(description = "Client-chosen UUID of the case") @PathVariable String caseId,
            @RequestBody JsonNode body,
            @Parameter(hidden = true) Caller caller) {
        rateLimiter.acquire(caller);
        ValidatedSubmission submission = validator.validate(caseId, body);
        Optional<String> notPermitted = Permissions.whyNot(caller.role(), submission.type());
        if (notPermitted.isPresent()) {
            throw ApiProblem.forbidden("type", RuleCode.NOT_PERMITTED.name(), notPermitted.get());
        }
        return gateway.submit(caller, submission);
    }
}
