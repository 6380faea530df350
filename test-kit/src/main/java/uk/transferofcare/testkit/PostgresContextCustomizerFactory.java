package uk.transferofcare.testkit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * For test classes marked {@link WithPostgres}: each Spring context created for them gets a fresh database on the
 * shared server, ahead of every other property source. Registered in {@code META-INF/spring.factories}.
 *
 * <p>The customizer takes part in Spring's context cache key only as "wants a database" (all instances are equal),
 * so it never splits a context that would otherwise be shared.
 */
public final class PostgresContextCustomizerFactory implements ContextCustomizerFactory {

    /** The property source's name, e.g. to find which database a context got. */
    public static final String PROPERTY_SOURCE = "testkit-postgres";

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, WithPostgres.class)
                ? new PostgresContextCustomizer()
                : null;
    }

    static final class PostgresContextCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestDatabase database = PostgresInfrastructure.shared().createDatabase();
            Map<String, Object> properties = new HashMap<>(database.springProperties());
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PostgresContextCustomizer;
        }

        @Override
        public int hashCode() {
            return PostgresContextCustomizer.class.hashCode();
        }
    }
}
