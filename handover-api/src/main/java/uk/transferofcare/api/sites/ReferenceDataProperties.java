package uk.transferofcare.api.sites;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The reference data behind {@code GET /api/v1/sites}: sites (EDs, places of safety, safe spaces) and police
 * divisions. Codes are what tokens carry in their {@code org} claim, so a code may not be both a site and a division.
 * Every site has a {@link SiteType} and one of the {@link NhsBoards}: a missing or unknown one stops start-up with a
 * message naming the property ({@code handover.reference.sites[i].type} or {@code .board}).
 *
 * @param sites EDs, places of safety and safe spaces
 * @param divisions police divisions
 */
@Validated
@ConfigurationProperties("handover.reference")
public record ReferenceDataProperties(
        @NotEmpty @Valid List<Site> sites, @NotEmpty @Valid List<Division> divisions) {

    /** Upper-case letters and digits, 1 to 8 characters. */
    public static final String CODE_PATTERN = "^[A-Z][A-Z0-9]{0,7}$";

    public ReferenceDataProperties {
        sites = sites == null ? List.of() : List.copyOf(sites);
        divisions = divisions == null ? List.of() : List.copyOf(divisions);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < sites.size(); i++) {
            if (!seen.add(sites.get(i).code())) {
                throw new IllegalArgumentException("handover.reference.sites[" + i + "].code: duplicate code "
                        + sites.get(i).code());
            }
        }
        for (int i = 0; i < sites.size(); i++) {
            String board = sites.get(i).board();
            if (board != null && !board.isBlank() && !NhsBoards.isKnown(board)) {
                throw new IllegalArgumentException("handover.reference.sites[" + i + "].board: '" + board
                        + "' is not an NHS Scotland board; one of " + String.join(", ", NhsBoards.NAMES));
            }
        }
        for (int i = 0; i < divisions.size(); i++) {
            if (!seen.add(divisions.get(i).code())) {
                throw new IllegalArgumentException("handover.reference.divisions[" + i + "].code: code "
                        + divisions.get(i).code() + " is already used by another site or division");
            }
        }
    }

    /**
     * A place police may bring a person to: an ED, a place of safety or a safe space.
     *
     * @param code short code, e.g. QEUH
     * @param name full name, e.g. Queen Elizabeth University Hospital (Glasgow)
     * @param type EMERGENCY_DEPARTMENT, PLACE_OF_SAFETY or SAFE_SPACE
     * @param board the NHS board that runs it, or whose area a partner-run safe space serves ({@link NhsBoards})
     */
    public record Site(
            @NotBlank @Pattern(regexp = CODE_PATTERN) String code,
            @NotBlank String name,
            @NotNull SiteType type,
            @NotBlank String board) {}

    /**
     * A police division.
     *
     * @param code Police Scotland's letter code, e.g. G
     * @param name e.g. Greater Glasgow
     */
    public record Division(
            @NotBlank @Pattern(regexp = CODE_PATTERN) String code,
            @NotBlank String name) {}
}
