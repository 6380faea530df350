package uk.transferofcare.api.fhir;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.audit.AuditedRead;
import uk.transferofcare.api.cases.CaseLookup;
import uk.transferofcare.api.cases.CaseView;
import uk.transferofcare.api.sites.ReferenceDataProperties;
import uk.transferofcare.api.sites.SiteCatalogue;

/**
 * One case as FHIR R4 ({@link HandoverTask}): the same read path, permissions and read audit as the JSON case view
 * ({@link CaseLookup}, an {@link AuditedRead} of kind CASE), answered as {@code application/fhir+json} (or
 * {@code application/json} when only that is accepted). Errors stay {@code application/problem+json} like every
 * other answer of the API.
 */
@RestController
@Tag(name = "Cases")
class FhirController {

    static final String FHIR_JSON = "application/fhir+json";

    private final CaseLookup lookup;
    private final SiteCatalogue sites;
    private final FhirR4 fhir;

    FhirController(CaseLookup lookup, SiteCatalogue sites, FhirR4 fhir) {
        this.lookup = lookup;
        this.sites = sites;
        this.fhir = fhir;
    }

    @GetMapping(
            path = "/api/v1/handovers/{caseId}/fhir",
            produces = {FHIR_JSON, "application/json"})
    @Operation(
            summary = "One case as FHIR R4: a collection Bundle with the case's Task (status and businessStatus from"
                    + " the state, executionPeriod, requester = police division, owner = receiving site, time points"
                    + " as input/output) and a Provenance per change of its history (time-point corrections, division"
                    + " transfers, corrections of division, legal basis or site, a supervisor's disposition"
                    + " correction); same permissions as the case view")
    @ApiResponse(
            responseCode = "200",
            description =
                    "the case as a FHIR R4 Bundle (type collection): its Task, then a Provenance per change of its"
                            + " history, oldest recorded first",
            content = {
                @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = "FHIR R4 Bundle")),
                @Content(
                        mediaType = "application/json",
                        schema = @Schema(type = "object", description = "FHIR R4 Bundle"))
            })
    @AuditedRead(AuditedRead.Kind.CASE)
    byte[] get(@PathVariable String caseId, @Parameter(hidden = true) Caller caller) {
        CaseView view = lookup.readable(caseId, caller);
        HandoverTask.Names names = new HandoverTask.Names(
                code -> sites.site(code).map(ReferenceDataProperties.Site::name).orElse(null),
                code -> sites.divisions().stream()
                        .filter(d -> d.code().equals(code))
                        .map(ReferenceDataProperties.Division::name)
                        .findFirst()
                        .orElse(null));
        return fhir.json(HandoverTask.bundle(view, names)).getBytes(StandardCharsets.UTF_8);
    }
}
