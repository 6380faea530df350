package uk.transferofcare.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import uk.transferofcare.api.devtoken.DevTokenIssuer;
import uk.transferofcare.api.sites.ReferenceDataProperties;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.api.sites.SiteType;

/** Which tokens are trusted (issuer, audience, and an org that fits the role), and that start-up stops when unsure. */
class JwtConfigurationTest {

    static final String ISSUER = "https://idp.example";
    static final String AUDIENCE = "handover-api";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SecurityProperties.class)
    static class Clocked {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        SiteCatalogue sites() {
            return new SiteCatalogue(new ReferenceDataProperties(
                    List.of(new ReferenceDataProperties.Site(
                            "QEUH", "Queen Elizabeth", SiteType.EMERGENCY_DEPARTMENT, "NHS Greater Glasgow and Clyde")),
                    List.of(new ReferenceDataProperties.Division("G", "Greater Glasgow"))));
        }
    }

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Clocked.class, JwtConfiguration.class);

    @Test
    void givenNoIssuerAndNoKeyOutsideLocal_whenStarting_thenStartUpStopsNamingBothSettings() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("JWT_ISSUER_URI")
                    .hasMessageContaining("JWT_PUBLIC_KEY_LOCATION");
        });
    }

    @ParameterizedTest(name = "issuer={0} audience={1} -> names {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "-                   | handover-api | handover.security.jwt.issuer (JWT_ISSUER) is not set",
                "https://idp.example | -            | handover.security.jwt.audience (JWT_AUDIENCE) is not set",
                "https://idp.example | handover api | handover.security.jwt.audience (JWT_AUDIENCE) = 'handover api'",
                "idp example         | handover-api | handover.security.jwt.issuer (JWT_ISSUER) = 'idp example'"
            })
    void givenAPublicKeyWithABadOrMissingIssuerOrAudience_whenStarting_thenStartUpStopsNamingTheProperty(
            String issuer, String audience, String message, @TempDir Path dir) throws Exception {
        Path pem = pem(dir, new DevTokenIssuer(ISSUER, AUDIENCE, Duration.ofHours(1), Clock.systemUTC()));
        runner.withPropertyValues(
                        "handover.security.jwt.public-key-location=file:" + pem,
                        "handover.security.jwt.issuer=" + (issuer == null ? "" : issuer),
                        "handover.security.jwt.audience=" + (audience == null ? "" : audience))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
                });
    }

    @Test
    void givenAnIssuerUriThatIsNoUri_whenStarting_thenStartUpStopsNamingIt() {
        runner.withPropertyValues(
                        "handover.security.jwt.issuer-uri=idp.example/realms/x",
                        "handover.security.jwt.audience=" + AUDIENCE)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("handover.security.jwt.issuer-uri (JWT_ISSUER_URI)")
                            .hasMessageContaining("absolute http(s) URI");
                });
    }

    @Test
    void givenAnIssuerUriWithoutAudience_whenStarting_thenStartUpStopsNamingTheAudience() {
        runner.withPropertyValues("handover.security.jwt.issuer-uri=https://idp.example/realms/x")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("handover.security.jwt.audience (JWT_AUDIENCE) is not set");
                });
    }

    @Test
    void givenAPublicKeyIssuerAndAudience_whenTokensArrive_thenOnlyTheRightIssuerAudienceAndOrgAreAccepted(
            @TempDir Path dir) throws Exception {
        DevTokenIssuer idp = new DevTokenIssuer(ISSUER, AUDIENCE, Duration.ofHours(1), Clock.systemUTC());
        // the same key, but another issuer name or another audience: a token meant for someone else
        DevTokenIssuer otherIssuer =
                new DevTokenIssuer("https://other.example", AUDIENCE, Duration.ofHours(1), Clock.systemUTC());
        Path pem = pem(dir, idp);

        runner.withPropertyValues(
                        "handover.security.jwt.public-key-location=file:" + pem,
                        "handover.security.jwt.issuer=" + ISSUER,
                        "handover.security.jwt.audience=" + AUDIENCE)
                .run(context -> {
                    JwtDecoder decoder = context.getBean(JwtDecoder.class);
                    Jwt jwt = decoder.decode(idp.mint("pc-1234", "OFFICER", "G"));
                    assertThat(jwt.getSubject()).isEqualTo("pc-1234");
                    assertThat(jwt.getClaimAsString("role")).isEqualTo("OFFICER");
                    assertThat(jwt.getClaimAsString("org")).isEqualTo("G");
                    assertThat(decoder.decode(idp.mint("nurse-1", "ED_STAFF", "QEUH"))
                                    .getSubject())
                            .isEqualTo("nurse-1");
                    assertThat(decoder.decode(idp.mint("a-1", "ANALYST", "PHS")).getSubject())
                            .isEqualTo("a-1");

                    assertRejected(decoder, idp.mint("pc-1234", "CHIEF", "G"), "role claim");
                    // another key signs these two: the signature fails before iss/aud are read
                    assertRejected(decoder, otherIssuer.mint("pc-1234", "OFFICER", "G"), "");
                    // an ED_STAFF token naming a division, an officer of an unknown division, an analyst of a site
                    assertRejected(decoder, idp.mint("nurse-1", "ED_STAFF", "G"), "does not fit its role");
                    assertRejected(decoder, idp.mint("pc-1", "OFFICER", "Z"), "does not fit its role");
                    assertRejected(decoder, idp.mint("a-1", "ANALYST", "QEUH"), "does not fit its role");
                    assertRejected(decoder, idp.mint("adm-1", "ADMIN", "G"), "does not fit its role");
                });
    }

    @Test
    void givenTheSameKeyButAnotherIssuerOrAudience_whenATokenArrives_thenItIsRejected(@TempDir Path dir)
            throws Exception {
        DevTokenIssuer idp = new DevTokenIssuer(ISSUER, AUDIENCE, Duration.ofHours(1), Clock.systemUTC());
        Path pem = pem(dir, idp);

        // The same signing key, configured to expect another iss, then another aud.
        runner.withPropertyValues(
                        "handover.security.jwt.public-key-location=file:" + pem,
                        "handover.security.jwt.issuer=https://other.example",
                        "handover.security.jwt.audience=" + AUDIENCE)
                .run(context ->
                        assertRejected(context.getBean(JwtDecoder.class), idp.mint("pc-1", "OFFICER", "G"), "iss"));
        runner.withPropertyValues(
                        "handover.security.jwt.public-key-location=file:" + pem,
                        "handover.security.jwt.issuer=" + ISSUER,
                        "handover.security.jwt.audience=notification-service")
                .run(context ->
                        assertRejected(context.getBean(JwtDecoder.class), idp.mint("pc-1", "OFFICER", "G"), "aud"));
    }

    @Test
    void givenTheLocalProfile_whenItMintsAToken_thenItCarriesTheDevIssuerAndAudienceAndItsDecoderChecksThem() {
        runner.withPropertyValues("spring.profiles.active=local").run(context -> {
            DevTokenIssuer issuer = context.getBean(DevTokenIssuer.class);
            Jwt jwt = context.getBean(JwtDecoder.class).decode(issuer.mint("pc-1", "OFFICER", "G"));
            assertThat(jwt.getClaimAsString("iss")).isEqualTo("handover-api-local");
            assertThat(jwt.getAudience()).containsExactly("handover-api");
            assertRejected(context.getBean(JwtDecoder.class), issuer.mint("pc-1", "OFFICER", "QEUH"), "fit its role");
        });
    }

    private static void assertRejected(JwtDecoder decoder, String token, String because) {
        assertThatThrownBy(() -> decoder.decode(token))
                .isInstanceOf(org.springframework.security.oauth2.jwt.JwtException.class)
                .hasMessageContaining(because);
    }

    private static Path pem(Path dir, DevTokenIssuer idp) throws Exception {
        Path pem = dir.resolve("public.pem");
        Files.writeString(
                pem,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes())
                                .encodeToString(idp.publicKey().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        return pem;
    }
}
