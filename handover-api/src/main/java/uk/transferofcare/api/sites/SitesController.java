package uk.transferofcare.api.sites;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public reference data: no token needed, cacheable, so the officer app can work offline with it. */
@RestController
@Tag(name = "Reference data")
class SitesController {

    private final SiteCatalogue catalogue;

    SitesController(SiteCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping(path = "/api/v1/sites", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary =
                    "Sites (EDs, places of safety, safe spaces, each with its type and NHS board) and police divisions (public, no token)")
    @SecurityRequirements
    ResponseEntity<SitesResponse> sites() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(new SitesResponse(
                        catalogue.sites().stream()
                                .map(s -> new SiteDto(s.code(), s.name(), s.type(), s.board()))
                                .toList(),
                        catalogue.divisions().stream()
                                .map(d -> new DivisionDto(d.code(), d.name()))
                                .toList()));
    }

    record SitesResponse(List<SiteDto> sites, List<DivisionDto> divisions) {}

    record SiteDto(String code, String name, SiteType type, String board) {}

    record DivisionDto(String code, String name) {}
}
