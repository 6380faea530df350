package uk.transferofcare.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The platform's one decoder: real RS256 tokens through {@link PlatformJwtDecoders}, each check refusing what it must
 * (issuer, audience, expiry, role, an unknown org, an org that does not fit the role), and each bad setting stopping
 * start-up with a message naming the property.
 */
class PlatformJwtDecodersTest {

    static final String ISSUER = "https://idp.example/realms/toc";
    static final String AUDIENCE = "transfer-of-care";
    static final KnownOrganisations ORGS = KnownOrganisations.of(List.of("QEUH", "RIE"), List.of("G", "E"));

    private final SigningKey key = new SigningKey();
    private final JwtDecoder decoder =
            PlatformJwtDecoders.publicKey(key.publicKey(), ISSUER, AUDIENCE, ORGS, Clock.systemUTC());

    private String token(String role, String org) {
        return token(claims("user-1", role, org), Instant.now().plus(Duration.ofHours(1)));
    }

    private String token(Map<String, Object> claims, Instant expiresAt) {
        return key.sign(claims, expiresAt);
    }

    private static Map<String, Object> claims(String subject, String role, String org) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", List.of(AUDIENCE));
        claims.put("sub", subject);
        if (role != null) {
            claims.put("role", role);
        }
        if (org != null) {
            claims.put("org", org);
        }
        return claims;
    }

    @ParameterizedTest(name = "{0} of {1} is accepted")
    @CsvSource({"OFFICER, G", "ED_STAFF, QEUH", "SUPERVISOR, RIE", "SUPERVISOR, E", "ANALYST, PHS", "ADMIN, ADMIN"})
    void givenATokenOfTheRightIssuerAndAudienceWhoseOrgFitsItsRole_whenDecoded_thenItIsAccepted(
            String role, String org) {
        Jwt jwt = decoder.decode(token(role, org));

        assertThat(jwt.getSubject()).isEqualTo("user-1");
        assertThat(jwt.getClaimAsString("role")).isEqualTo(role);
        assertThat(jwt.getClaimAsString("org")).isEqualTo(org);
    }

    @Test
    void givenAnotherIssuer_whenDecoded_thenTheIssClaimIsRefused() {
        Map<String, Object> claims = claims("user-1", "OFFICER", "G");
        claims.put("iss", "https://other.example");

        assertRefused(token(claims, Instant.now().plusSeconds(600)), "iss");
    }

    @Test
    void givenATokenMeantForAnotherAudience_whenDecoded_thenTheAudClaimIsRefused() {
        Map<String, Object> claims = claims("user-1", "OFFICER", "G");
        claims.put("aud", List.of("some-other-service"));

        assertRefused(token(claims, Instant.now().plusSeconds(600)), "aud");
    }

    @Test
    void givenATokenWithoutAudience_whenDecoded_thenItIsRefused() {
        Map<String, Object> claims = claims("user-1", "OFFICER", "G");
        claims.remove("aud");

        assertRefused(token(claims, Instant.now().plusSeconds(600)), "aud");
    }

    @Test
    void givenATokenThatExpiredBeyondTheClockSkew_whenDecoded_thenItIsRefused() {
        assertRefused(token(claims("user-1", "OFFICER", "G"), Instant.now().minus(Duration.ofMinutes(5))), "expired");
    }

    @Test
    void givenATokenWithoutRoleOrWithTheSystemRole_whenDecoded_thenTheRoleClaimIsRefused() {
        assertRefused(token(null, "G"), "role claim");
        assertRefused(token("SYSTEM", "G"), "role claim");
        assertRefused(token("CHIEF", "G"), "role claim");
    }

    @Test
    void givenAnUnknownOrMalformedOrg_whenDecoded_thenTheOrgClaimIsRefused() {
        // well formed but not a configured division or site
        assertRefused(token("OFFICER", "Z"), "does not fit its role");
        assertRefused(token("ED_STAFF", "ARI"), "does not fit its role");
        assertRefused(token("SUPERVISOR", "XYZ"), "does not fit its role");
        // not a code at all, or missing
        assertRefused(token("ADMIN", "admin"), "org claim must be a site or division code");
        assertRefused(token("OFFICER", null), "org claim must be a site or division code");
    }

    @Test
    void givenAKnownOrgThatDoesNotFitTheRole_whenDecoded_thenItIsRefusedNamingTheRule() {
        assertRefused(token("ED_STAFF", "G"), "ED_STAFF's org must be a known ED site code");
        assertRefused(token("OFFICER", "QEUH"), "an OFFICER's org must be a known police division code");
        assertRefused(token("ANALYST", "QEUH"), "an ANALYST's org must be PHS");
        assertRefused(token("ADMIN", "G"), "an ADMIN's org must be ADMIN");
        assertRefused(token("SUPERVISOR", "PHS"), "a SUPERVISOR's org must be a known site or police division");
    }

    @Test
    void givenARefusedToken_whenDecoded_thenTheMessageNeverEchoesTheClaim() {
        assertThatThrownBy(() -> decoder.decode(token("OFFICER", "ZZQX")))
                .isInstanceOf(JwtException.class)
                .message()
                .doesNotContain("ZZQX");
    }

    @Test
    void givenAPublicKeyWithIssuerAndAudience_whenBuiltFromProperties_thenItChecksBoth(@TempDir Path dir)
            throws Exception {
        JwtDecoder fromProperties = fromProperties(jwt(null, null, "file:" + key.pem(dir), ISSUER, AUDIENCE), false);

        assertThat(fromProperties.decode(token("OFFICER", "G")).getSubject()).isEqualTo("user-1");
        Map<String, Object> otherAudience = claims("user-1", "OFFICER", "G");
        otherAudience.put("aud", List.of("handover-api"));
        assertThatThrownBy(() ->
                        fromProperties.decode(token(otherAudience, Instant.now().plusSeconds(600))))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("aud");
    }

    @Test
    void givenTheLocalProfileWithAKeyButNoIssuerOrAudience_whenBuilt_thenTheDevIssuerAndAudienceAreChecked(
            @TempDir Path dir) throws Exception {
        JwtDecoder local = fromProperties(jwt(null, null, "file:" + key.pem(dir), null, null), true);

        Map<String, Object> dev = claims("user-1", "OFFICER", "G");
        dev.put("iss", "handover-api-local");
        dev.put("aud", List.of("handover-api"));
        assertThat(local.decode(token(dev, Instant.now().plusSeconds(600))).getSubject())
                .isEqualTo("user-1");
        assertThatThrownBy(() -> local.decode(token("OFFICER", "G")))
                .as("the identity provider's issuer is not the dev issuer")
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("iss");
    }

    @Test
    void givenTheLocalProfileWithoutAnySource_whenBuilt_thenItTrustsTheDevJwks() {
        assertThat(fromProperties(jwt(null, null, null, null, null), true)).isNotNull();
    }

    @Test
    void givenNoSourceOutsideLocal_whenBuilt_thenStartUpStopsNamingTheThreeProperties() {
        assertThatThrownBy(() -> fromProperties(jwt("", " ", null, ISSUER, AUDIENCE), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("platform.security.jwt.issuer-uri (JWT_ISSUER_URI)")
                .hasMessageContaining("platform.security.jwt.jwk-set-uri (JWT_JWK_SET_URI)")
                .hasMessageContaining("platform.security.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION)");
    }

    @Test
    void givenTwoSources_whenBuilt_thenStartUpStopsNamingBoth() {
        assertThatThrownBy(() -> fromProperties(jwt(ISSUER, null, "file:/etc/toc/idp.pem", ISSUER, AUDIENCE), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("platform.security.jwt.issuer-uri (JWT_ISSUER_URI) and"
                        + " platform.security.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION) are set together");
    }

    @ParameterizedTest(name = "issuer={0} audience={1} -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "-                   | toc     | platform.security.jwt.issuer (JWT_ISSUER) is not set",
                "idp example         | toc     | platform.security.jwt.issuer (JWT_ISSUER) = 'idp example'",
                "https://idp.example | -       | platform.security.jwt.audience (JWT_AUDIENCE) is not set",
                "https://idp.example | ' '     | platform.security.jwt.audience (JWT_AUDIENCE) is not set",
                "https://idp.example | the api | platform.security.jwt.audience (JWT_AUDIENCE) = 'the api'"
            })
    void givenAPublicKeyWithAMissingOrBadIssuerOrAudience_whenBuiltOutsideLocal_thenStartUpStopsNamingIt(
            String issuer, String audience, String message, @TempDir Path dir) throws Exception {
        String location = "file:" + key.pem(dir);

        assertThatThrownBy(() -> fromProperties(jwt(null, null, location, issuer, audience), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
    }

    @Test
    void givenAnIssuerUriWithoutAudienceOrThatIsNoUri_whenBuilt_thenStartUpStopsNamingIt() {
        assertThatThrownBy(() -> fromProperties(jwt(ISSUER, null, null, null, null), false))
                .hasMessageContaining("platform.security.jwt.audience (JWT_AUDIENCE) is not set");
        assertThatThrownBy(() -> fromProperties(jwt("idp.example/realms/x", null, null, null, AUDIENCE), false))
                .hasMessageContaining("platform.security.jwt.issuer-uri (JWT_ISSUER_URI) = 'idp.example/realms/x'")
                .hasMessageContaining("absolute http(s) URI");
    }

    @Test
    void givenAJwkSetUriWithoutIssuerOrThatIsNoUri_whenBuilt_thenStartUpStopsNamingIt() {
        assertThatThrownBy(() -> fromProperties(jwt(null, "https://idp.example/jwks", null, null, AUDIENCE), false))
                .hasMessageContaining("platform.security.jwt.issuer (JWT_ISSUER) is not set");
        assertThatThrownBy(() -> fromProperties(jwt(null, "jwks.json", null, ISSUER, AUDIENCE), false))
                .hasMessageContaining("platform.security.jwt.jwk-set-uri (JWT_JWK_SET_URI) = 'jwks.json'");
        assertThat(fromProperties(jwt(null, "https://idp.example/jwks", null, ISSUER, AUDIENCE), false))
                .isNotNull();
    }

    @Test
    void givenAnUnreadablePublicKey_whenBuilt_thenStartUpStopsNamingThePropertyAndTheLocation() {
        assertThatThrownBy(() -> fromProperties(jwt(null, null, "file:/nonexistent/key.pem", ISSUER, AUDIENCE), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("platform.security.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION)")
                .hasMessageContaining("file:/nonexistent/key.pem");
    }

    private static PlatformSecurityProperties.Jwt jwt(
            String issuerUri, String jwkSetUri, String publicKey, String issuer, String audience) {
        return new PlatformSecurityProperties.Jwt(
                issuerUri,
                jwkSetUri,
                publicKey,
                issuer,
                audience,
                "http://127.0.0.1:8080/dev/jwks",
                "handover-api-local",
                "handover-api");
    }

    private static JwtDecoder fromProperties(PlatformSecurityProperties.Jwt jwt, boolean local) {
        return PlatformJwtDecoders.fromProperties(jwt, local, new DefaultResourceLoader(), ORGS, Clock.systemUTC());
    }

    private void assertRefused(String token, String because) {
        assertThatThrownBy(() -> decoder.decode(token))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining(because);
    }
}
