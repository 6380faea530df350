package uk.transferofcare.api.handover;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.readmodel.SubmissionTracker;

/** One endpoint for every event type a user can submit. */
@RestController
@Tag(name = "Submissions")
class SubmissionController {

    private final SubmissionValidator validator;
    private final SubmissionService service;
    private final SubmissionRateLimiter rateLimiter;
    private final SubmissionTracker tracker;

    SubmissionController(
            SubmissionValidator validator,
            SubmissionService service,
            SubmissionRateLimiter rateLimiter,
            SubmissionTracker tracker) {
        this.validator = validator;
        this.service = service;
        this.rateLimiter = rateLimiter;
        this.tracker = tracker;
    }

    @PostMapping(
            path = "/api/v1/handovers/{caseId}/events",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @Operation(
            summary = "Submit an event for a case",
            description = "Answers 202 only once Kafka has acknowledged the submission (acks=all). The same eventId"
                    + " again answers the same and records nothing new. The first PRE_ALERTED or ARRIVED (with"
                    + " siteCode) opens the case.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = SubmissionRequest.class))))
    @ApiResponse(
            responseCode = "202",
            description = "Durably in Kafka; follow Location for the outcome",
            content = @Content(schema = @Schema(implementation = SubmissionReceipt.class)))
    ResponseEntity<SubmissionReceipt> submit(
            @Parameter(description = "Client-chosen UUID of the case") @PathVariable String caseId,
            @RequestBody JsonNode body,
            @Parameter(hidden = true) Caller caller) {
        rateLimiter.acquire(caller.userId());
        ValidatedSubmission submission = validator.validate(caseId, body);
        SubmissionService.Receipt receipt = service.submit(caller, submission);
        String location = "/api/v1/handovers/" + receipt.caseId() + "/events/" + receipt.eventId();
        String status = tracker.outcome(receipt.eventId())
                .map(SubmissionTracker.Outcome::status)
                .orElse("PENDING");
        return ResponseEntity.accepted()
                .location(URI.create(location))
                .body(new SubmissionReceipt(receipt.eventId(), receipt.caseId(), status, location));
    }

    /**
     * The 202 body.
     *
     * @param status PENDING until the processor's outcome is known (a re-send may already show it)
     * @param statusUrl where to follow the outcome (also the Location header)
     */
    record SubmissionReceipt(String eventId, String caseId, String status, String statusUrl) {}
}
