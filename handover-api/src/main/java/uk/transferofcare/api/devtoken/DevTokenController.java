package uk.transferofcare.api.devtoken;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.support.security.OrgForRole;
import uk.transferofcare.vocabulary.Role;

/**
 * {@code POST /dev/tokens}: only in the {@code local} profile. Mints a token for any user, role and organisation so
 * the pages and curl can be tried without an identity provider. The org must fit the role: a division for OFFICER,
 * a site for ED_STAFF, either for SUPERVISOR, PHS for ANALYST, ADMIN for ADMIN ({@link OrgForRole}). Tokens carry the
 * audience {@code handover.security.dev-tokens.audience} and the issuer {@code handover.security.dev-tokens.issuer},
 * both checked by the local decoder like any other.
 *
 * <p>Only to clients on this machine (a loopback peer address): with {@code ./run --lan} the pages are open to the
 * network, the token mint is not (403 {@code remoteAddress}/{@code loopback-only}). docs/security.md, "Local mode and
 * --lan".
 */
@RestController
@Profile("local")
@Tag(name = "Local development")
class DevTokenController {

    private static final Pattern SUBJECT = Pattern.compile("^[A-Za-z0-9._@-]{1,64}$");

    private final DevTokenIssuer issuer;
    private final SiteCatalogue sites;

    DevTokenController(DevTokenIssuer issuer, SiteCatalogue sites) {
        this.issuer = issuer;
        this.sites = sites;
    }

    @PostMapping(
            path = "/dev/tokens",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Local profile only: a signed token for {subject, role, org}")
    @SecurityRequirements
    TokenResponse mint(@RequestBody JsonNode body, HttpServletRequest request) {
        if (!loopback(request.getRemoteAddr())) {
            throw ApiProblem.forbidden(
                    "remoteAddress",
                    "loopback-only",
                    "dev tokens are minted for this machine only (127.0.0.1 or ::1); mint one there and paste it"
                            + " here");
        }
        List<FieldError> errors = new ArrayList<>();
        String subject = text(body, "subject");
        String role = text(body, "role");
        String org = text(body, "org");
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            errors.add(new FieldError(
                    "subject", "pattern", "a user id (not a name): 1 to 64 letters, digits, '.', '_', '@' or '-'"));
        }
        Role parsed = null;
        try {
            parsed = role == null ? null : Role.valueOf(role);
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (parsed == null || !parsed.isUser()) {
            parsed = null;
            errors.add(new FieldError("role", "enum", "must be one of " + USER_ROLES));
        } else {
            Optional<String> misfit = OrgForRole.whyNot(parsed, org, sites);
            if (misfit.isPresent()) {
                errors.add(new FieldError("org", "org-for-role", misfit.get()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return new TokenResponse(
                issuer.mint(subject, role, org), "Bearer", issuer.ttl().toSeconds(), subject, role, org);
    }

    /** The peer address of the connection (no forwarded headers are trusted in the local profile). */
    static boolean loopback(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return false;
        }
        String address = remoteAddress.strip();
        boolean literal = address.indexOf(':') >= 0 // IPv6
                || address.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')); // IPv4
        if (!literal) {
            return false; // a name: the container reports addresses, so refuse rather than look it up
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress(); // a literal: no name lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static final List<Role> USER_ROLES =
            java.util.Arrays.stream(Role.values()).filter(Role::isUser).toList();

    private static String text(JsonNode body, String name) {
        JsonNode node = body == null ? null : body.get(name);
        return node != null && node.isString() ? node.stringValue().strip() : null;
    }

    record TokenResponse(String token, String tokenType, long expiresIn, String subject, String role, String org) {}
}
