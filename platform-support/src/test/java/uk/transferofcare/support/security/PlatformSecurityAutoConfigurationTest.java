package uk.transferofcare.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** The auto-configuration every service gets: its properties, its organisations, and a service's own beans winning. */
class PlatformSecurityAutoConfigurationTest {

    private final SigningKey key = new SigningKey();

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PlatformSecurityAutoConfiguration.class))
            .withPropertyValues(
                    "platform.security.organisations.sites=QEUH,RIE", "platform.security.organisations.divisions=G");

    private String token(String role, String org) {
        return key.sign(
                Map.of("iss", "https://idp.example", "aud", List.of("toc"), "sub", "u-1", "role", role, "org", org),
                Instant.now().plusSeconds(600));
    }

    @Test
    void givenAKeyIssuerAudienceAndOrganisations_whenTheServiceStarts_thenItsDecoderChecksOrgsFromTheProperties(
            @TempDir Path dir) throws Exception {
        runner.withPropertyValues(
                        "platform.security.jwt.public-key-location=file:" + key.pem(dir),
                        "platform.security.jwt.issuer=https://idp.example",
                        "platform.security.jwt.audience=toc")
                .run(context -> {
                    JwtDecoder decoder = context.getBean(JwtDecoder.class);
                    assertThat(decoder.decode(token("ED_STAFF", "RIE")).getSubject())
                            .isEqualTo("u-1");
                    assertThatThrownBy(() -> decoder.decode(token("ED_STAFF", "ARI")))
                            .isInstanceOf(JwtException.class)
                            .hasMessageContaining("does not fit its role");
                });
    }

    @Test
    void givenNoAudienceOutsideLocal_whenTheServiceStarts_thenStartUpStopsNamingTheProperty(@TempDir Path dir)
            throws Exception {
        runner.withPropertyValues(
                        "platform.security.jwt.public-key-location=file:" + key.pem(dir),
                        "platform.security.jwt.issuer=https://idp.example")
                .run(failsNaming("platform.security.jwt.audience (JWT_AUDIENCE) is not set"));
    }

    @Test
    void givenNoOrganisationsOrABadCode_whenTheServiceStarts_thenStartUpStopsNamingTheProperty() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PlatformSecurityAutoConfiguration.class))
                .withPropertyValues("spring.profiles.active=local")
                .run(failsNaming("platform.security.organisations.sites and"
                        + " platform.security.organisations.divisions are both empty"));
        runner.withPropertyValues("platform.security.organisations.divisions=G,qeuh")
                .run(failsNaming("platform.security.organisations.divisions[1] = 'qeuh'"));
        runner.withPropertyValues("platform.security.organisations.divisions=G,QEUH")
                .run(failsNaming("platform.security.organisations.divisions[1] = 'QEUH' is already"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCatalogue {
        @Bean
        KnownOrganisations catalogue() {
            return KnownOrganisations.of(List.of("ARI"), List.of("A"));
        }
    }

    @Test
    void givenAServiceThatKnowsItsOrganisations_whenItStarts_thenTheDecoderUsesThemNotTheProperties(@TempDir Path dir)
            throws Exception {
        runner.withUserConfiguration(OwnCatalogue.class)
                .withPropertyValues(
                        "platform.security.jwt.public-key-location=file:" + key.pem(dir),
                        "platform.security.jwt.issuer=https://idp.example",
                        "platform.security.jwt.audience=toc")
                .run(context -> {
                    JwtDecoder decoder = context.getBean(JwtDecoder.class);
                    assertThat(decoder.decode(token("ED_STAFF", "ARI")).getClaimAsString("org"))
                            .isEqualTo("ARI");
                    assertThatThrownBy(() -> decoder.decode(token("ED_STAFF", "RIE")))
                            .isInstanceOf(JwtException.class)
                            .hasMessageContaining("does not fit its role");
                });
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
