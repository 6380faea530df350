package uk.transferofcare.api.config;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationListener;

/**
 * Stops start-up with one clear message when no PostgreSQL is configured: the API reads cases, verdicts, boards and
 * reports from it. Checked once the context is prepared (after test initialisers added theirs), before any bean is
 * created.
 */
public class DataSourceRequired implements ApplicationListener<ApplicationPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        String url = event.getApplicationContext().getEnvironment().getProperty("spring.datasource.url");
        if (url == null || url.isBlank()) {
            throw new MissingDataSource();
        }
    }

    /** No {@code spring.datasource.url}. */
    static final class MissingDataSource extends IllegalStateException {
        MissingDataSource() {
            super("spring.datasource.url (SPRING_DATASOURCE_URL) is not set");
        }
    }

    /** Turns {@link MissingDataSource} into a two-line explanation instead of a stack trace. */
    public static final class Analyzer extends AbstractFailureAnalyzer<MissingDataSource> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, MissingDataSource cause) {
            return new FailureAnalysis(
                    "handover-api needs PostgreSQL (its read store) and spring.datasource.url is not set.",
                    "Set SPRING_DATASOURCE_URL (e.g. jdbc:postgresql://localhost:5432/handover), "
                            + "SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD; ./run and docker-compose"
                            + " set them.",
                    cause);
        }
    }
}
