package uk.transferofcare.api.sites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import uk.transferofcare.support.security.PlatformSecurityProperties;

/**
 * The processor and the notification service learn the organisation codes a token may name from platform-support's
 * defaults ({@code platform.security.organisations}); this API from its reference data ({@code handover.reference}).
 * Both lists are shipped files: this test fails when a site or division is added to one and not the other.
 */
class OrganisationCodesTest {

    @Test
    void givenTheShippedConfiguration_whenTheCodesAreCompared_thenThePlatformsCodesAreThisApisReferenceData()
            throws Exception {
        Binder api = binder("application.yml");
        Binder platform = binder("platform-defaults.yml");

        ReferenceDataProperties reference =
                api.bind("handover.reference", ReferenceDataProperties.class).get();
        PlatformSecurityProperties.Organisations organisations = platform.bind(
                        "platform.security.organisations", PlatformSecurityProperties.Organisations.class)
                .get();

        assertThat(organisations.sites())
                .as("platform.security.organisations.sites (platform-defaults.yml) = handover.reference.sites codes")
                .isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(reference.sites().stream()
                        .map(ReferenceDataProperties.Site::code)
                        .toList());
        assertThat(organisations.divisions())
                .as("platform.security.organisations.divisions = handover.reference.divisions codes")
                .isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(reference.divisions().stream()
                        .map(ReferenceDataProperties.Division::code)
                        .toList());
    }

    private static Binder binder(String resource) throws Exception {
        List<PropertySource<?>> documents =
                new YamlPropertySourceLoader().load(resource, new ClassPathResource(resource));
        StandardEnvironment environment = new StandardEnvironment();
        // the first document only: profile documents follow it
        environment.getPropertySources().addFirst(documents.get(0));
        return new Binder(ConfigurationPropertySources.get(environment));
    }
}
