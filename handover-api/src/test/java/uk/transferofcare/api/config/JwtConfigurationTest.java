package uk.transferofcare.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import uk.transferofcare.api.devtoken.DevTokenIssuer;
import uk.transferofcare.api.devtoken.DevTokenKeyFile;
import uk.transferofcare.api.sites.ReferenceDataProperties;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.api.sites.SiteType;
import uk.transferofcare.support.security.PlatformSecurityAutoConfiguration;

/**
 * Which tokens the API trusts, with this API's application.yml: platform-support's decoder (the same as every
 * service's) under the platform's names and under the API's former {@code handover.security.jwt.*} names, the site
 * catalogue as the known organisations, and the local profile's dev tokens checked like any other.
 */
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

        /** One site and one division: a code that only application.yml's reference data knows is refused. */
        @Bean
        SiteCatalogue sites() {
            return new SiteCatalogue(new ReferenceDataProperties(
                    List.of(new ReferenceDataProperties.Site(
                            "QEUH", "Queen Elizabeth", SiteType.EMERGENCY_DEPARTMENT, "NHS Greater Glasgow and Clyde")),
                    List.of(new ReferenceDataProperties.Division("G", "Greater Glasgow"))));
        }
    }

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(PlatformSecurityAutoConfiguration.class))
            .withUserConfiguration(Clocked.class, JwtConfiguration.class);

    private final DevTokenIssuer idp = new DevTokenIssuer(ISSUER, AUDIENCE, Duration.ofHours(1), Clock.systemUTC());

    @Test
    void givenTheFormerHandoverNames_whenTokensArrive_thenTheyConfigureTheSharedDecoderWithTheSiteCatalogue(
            @TempDir Path dir) throws Exception {
        runner.withPropertyValues(
                        "handover.security.jwt.public-key-location=file:" + pem(dir, idp),
                        "handover.security.jwt.issuer=" + ISSUER,
                        "handover.security.jwt.audience=" + AUDIENCE)
                .run(context -> {
                    JwtDecoder decoder = context.getBean(JwtDecoder.class);
                    Jwt jwt = decoder.decode(idp.mint("pc-1234", "OFFICER", "G"));
                    assertThat(jwt.getSubject()).isEqualTo("pc-1234");
                    assertThat(decoder.decode(idp.mint("nurse-1", "ED_STAFF", "QEUH"))
                                    .getSubject())
                            .isEqualTo("nurse-1");
                    // E is a division of the platform's defaults, not of this catalogue
                    assertRejected(decoder, idp.mint("pc-1", "OFFICER", "E"), "does not fit its role");
                    assertRejected(decoder, idp.mint("nurse-1", "ED_STAFF", "G"), "does not fit its role");
                    assertRejected(decoder, idp.mint("pc-1234", "CHIEF", "G"), "role claim");
                });
    }

    @Test
    void givenThePlatformNames_whenATokenForAnotherAudienceOrIssuerArrives_thenItIsRejected(@TempDir Path dir)
            throws Exception {
        Path pem = pem(dir, idp);
        runner.withPropertyValues(
                        "platform.security.jwt.public-key-location=file:" + pem,
                        "platform.security.jwt.issuer=" + ISSUER,
                        "platform.security.jwt.audience=notification-service")
                .run(context ->
                        assertRejected(context.getBean(JwtDecoder.class), idp.mint("pc-1", "OFFICER", "G"), "aud"));
        runner.withPropertyValues(
                        "platform.security.jwt.public-key-location=file:" + pem,
                        "platform.security.jwt.issuer=https://other.example",
                        "platform.security.jwt.audience=" + AUDIENCE)
                .run(context ->
                        assertRejected(context.getBean(JwtDecoder.class), idp.mint("pc-1", "OFFICER", "G"), "iss"));
    }

    @Test
    void givenNoIssuerAndNoKeyOutsideLocal_whenStarting_thenStartUpStopsNamingTheSettings() {
        runner.run(failsNaming("JWT_ISSUER_URI", "JWT_JWK_SET_URI", "JWT_PUBLIC_KEY_LOCATION"));
    }

    @Test
    void givenAnIssuerUriWithoutAudience_whenStarting_thenStartUpStopsNamingTheAudience() {
        runner.withPropertyValues("handover.security.jwt.issuer-uri=https://idp.example/realms/x")
                .run(failsNaming("platform.security.jwt.audience (JWT_AUDIENCE) is not set"));
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

    @Test
    void givenTwoLocalInstancesWithTheRunsKeyFile_whenOneMintsAToken_thenTheOtherAcceptsItUnderTheSameKeyId(
            @TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path keyFile = dir.resolve("dev-token-key.pem");
        Files.writeString(keyFile, DevTokenKeyFile.pem(pair.getPrivate()));
        WebApplicationContextRunner local =
                runner.withPropertyValues("spring.profiles.active=local", "DEV_TOKEN_KEY_FILE=" + keyFile);
        String[] minted = new String[1];
        String[] keyId = new String[1];
        local.run(first -> {
            DevTokenIssuer issuer = first.getBean(DevTokenIssuer.class);
            assertThat(issuer.publicKey()).isEqualTo(pair.getPublic());
            minted[0] = issuer.mint("nurse-1", "ED_STAFF", "QEUH");
            keyId[0] = issuer.keyId();
        });
        local.run(second -> {
            assertThat(second.getBean(DevTokenIssuer.class).keyId()).isEqualTo(keyId[0]);
            assertThat(second.getBean(JwtDecoder.class).decode(minted[0]).getSubject())
                    .isEqualTo("nurse-1");
        });
        // Without the file each instance has a key of its own: the first one's token is refused
        runner.withPropertyValues("spring.profiles.active=local")
                .run(own -> assertThatThrownBy(
                                () -> own.getBean(JwtDecoder.class).decode(minted[0]))
                        .isInstanceOf(JwtException.class));
    }

    @Test
    void givenAKeyFileThatIsNotAPrivateKey_whenStarting_thenStartUpStopsNamingTheSettingAndTheFile(@TempDir Path dir)
            throws Exception {
        Path notAKey = dir.resolve("public.pem");
        Files.writeString(notAKey, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        runner.withPropertyValues("spring.profiles.active=local", "DEV_TOKEN_KEY_FILE=" + notAKey)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("handover.security.dev-tokens.key-file (DEV_TOKEN_KEY_FILE)")
                        .hasMessageContaining(notAKey + " is not a PEM file with one -----BEGIN PRIVATE KEY-----"));
        Path missing = dir.resolve("missing.pem");
        runner.withPropertyValues("spring.profiles.active=local", "DEV_TOKEN_KEY_FILE=" + missing)
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining(missing + " cannot be read"));
    }

    private static void assertRejected(JwtDecoder decoder, String token, String because) {
        assertThatThrownBy(() -> decoder.decode(token))
                .isInstanceOf(JwtException.class)
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

    /** Start-up stops with a message naming each of these. */
    private static ContextConsumer<AssertableWebApplicationContext> failsNaming(String... messages) {
        return context -> {
            assertThat(context).hasFailed();
            for (String message : messages) {
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
            }
        };
    }
}
