package uk.transferofcare.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The read audit's retention: 6 years unless set, and start-up stops naming a value out of its bounds. */
class ReadAuditPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ReadAuditProperties.class)
    static class Audit {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Audit.class);

    @Test
    void givenNothingSet_whenBound_thenReadsAreKeptSixYearsAndPurgedHourly() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            ReadAuditProperties properties = context.getBean(ReadAuditProperties.class);
            assertThat(properties.retention()).isEqualTo(Duration.ofDays(2192));
            assertThat(properties.retentionCheckInterval()).isEqualTo(Duration.ofHours(1));
        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "handover.audit.retention, 1d",
        "handover.audit.retention, 7306d",
        "handover.audit.retention, a week",
        "handover.audit.retention-check-interval, 0s",
        "handover.audit.retention-check-interval, 2d"
    })
    void givenAValueOutOfBounds_whenStarting_thenStartUpStopsNamingTheProperty(String property, String value) {
        runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains(property);
        });
    }
}
