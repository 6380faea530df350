package uk.transferofcare.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import uk.transferofcare.api.devtoken.DevTokenIssuer;

/** Which tokens production trusts, and that start-up stops when nobody said. */
class JwtConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SecurityProperties.class)
    static class Clocked {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
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

    @Test
    void givenAPublicKeyLocation_whenATokenSignedByItsPrivateKeyArrives_thenItIsAcceptedWithItsClaims(@TempDir Path dir)
            throws Exception {
        DevTokenIssuer idp = new DevTokenIssuer("https://idp.example", Duration.ofHours(1), Clock.systemUTC());
        Path pem = dir.resolve("public.pem");
        Files.writeString(
                pem,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes())
                                .encodeToString(idp.publicKey().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");

        runner.withPropertyValues("handover.security.jwt.public-key-location=file:" + pem)
                .run(context -> {
                    JwtDecoder decoder = context.getBean(JwtDecoder.class);
                    Jwt jwt = decoder.decode(idp.mint("pc-1234", "OFFICER", "G"));
                    assertThat(jwt.getSubject()).isEqualTo("pc-1234");
                    assertThat(jwt.getClaimAsString("role")).isEqualTo("OFFICER");
                    assertThat(jwt.getClaimAsString("org")).isEqualTo("G");
                    String unknownRole = idp.mint("pc-1234", "CHIEF", "G");
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(unknownRole))
                            .isInstanceOf(JwtValidationException.class)
                            .hasMessageContaining("role claim");
                });
    }
}
