package uk.transferofcare.api.sites;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A site's type and NHS board: bound from the configuration, and start-up stops naming a missing or unknown one. */
class ReferenceDataPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ReferenceDataProperties.class)
    static class Reference {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Reference.class, SiteCatalogue.class)
            .withPropertyValues(
                    "handover.reference.divisions[0].code=G",
                    "handover.reference.divisions[0].name=Greater Glasgow",
                    "handover.reference.sites[0].code=QEUH",
                    "handover.reference.sites[0].name=Queen Elizabeth University Hospital (Glasgow)",
                    "handover.reference.sites[0].type=EMERGENCY_DEPARTMENT",
                    "handover.reference.sites[0].board=NHS Greater Glasgow and Clyde");

    @Test
    void givenSitesOfEachType_whenBound_thenTheCatalogueHoldsTheirTypeAndBoard() {
        runner.withPropertyValues(
                        "handover.reference.sites[1].code=REH",
                        "handover.reference.sites[1].name=Royal Edinburgh Hospital",
                        "handover.reference.sites[1].type=PLACE_OF_SAFETY",
                        "handover.reference.sites[1].board=NHS Lothian",
                        "handover.reference.sites[2].code=ECC",
                        "handover.reference.sites[2].name=Edinburgh Crisis Centre",
                        "handover.reference.sites[2].type=SAFE_SPACE",
                        "handover.reference.sites[2].board=NHS Lothian")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SiteCatalogue.class).sites())
                            .containsExactly(
                                    new ReferenceDataProperties.Site(
                                            "QEUH",
                                            "Queen Elizabeth University Hospital (Glasgow)",
                                            SiteType.EMERGENCY_DEPARTMENT,
                                            "NHS Greater Glasgow and Clyde"),
                                    new ReferenceDataProperties.Site(
                                            "REH", "Royal Edinburgh Hospital", SiteType.PLACE_OF_SAFETY, "NHS Lothian"),
                                    new ReferenceDataProperties.Site(
                                            "ECC", "Edinburgh Crisis Centre", SiteType.SAFE_SPACE, "NHS Lothian"));
                });
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "type  | -                 | sites[1].type",
                "type  | HOSPICE           | handover.reference.sites[1].type",
                "board | -                 | sites[1].board",
                "board | NHS Gotham        | handover.reference.sites[1].board: 'NHS Gotham' is not an NHS Scotland board"
            })
    void givenASiteWithAMissingOrUnknownTypeOrBoard_whenStarting_thenStartUpStopsNamingTheProperty(
            String property, String value, String named) {
        ApplicationContextRunner withSite = runner.withPropertyValues(
                "handover.reference.sites[1].code=REH", "handover.reference.sites[1].name=Royal Edinburgh Hospital");
        if (!property.equals("type")) {
            withSite = withSite.withPropertyValues("handover.reference.sites[1].type=PLACE_OF_SAFETY");
        }
        if (!property.equals("board")) {
            withSite = withSite.withPropertyValues("handover.reference.sites[1].board=NHS Lothian");
        }
        if (value != null) {
            withSite = withSite.withPropertyValues("handover.reference.sites[1]." + property + "=" + value);
        }
        withSite.run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(named);
        });
    }

    /** Every message of the failure and its causes (binding wraps the one naming the property). */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
