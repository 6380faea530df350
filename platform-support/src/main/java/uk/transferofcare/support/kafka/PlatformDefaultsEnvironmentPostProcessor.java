package uk.transferofcare.support.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code platform-defaults.yml} (serde classes, registry URL, acks=all, health groups, observation) as the
 * lowest-precedence property source, so every service starts from the same settings and its own
 * {@code application.yml}, environment variables and command line still win. In the {@code local} profile the services
 * also register their schemas on first use ({@link #LOCAL_DEFAULTS}); elsewhere a release registers them.
 */
public class PlatformDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String RESOURCE = "platform-defaults.yml";
    static final String LOCAL_PROFILE = "local";
    /**
     * What the {@code local} profile changes in the defaults: the services register their schemas themselves, since
     * {@code ./run}'s registry starts empty and nobody runs the release step there.
     */
    static final Map<String, Object> LOCAL_DEFAULTS =
            Map.of("spring.kafka.properties.auto.register.schemas", "${SCHEMA_AUTO_REGISTER:true}");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            List<PropertySource<?>> sources =
                    new YamlPropertySourceLoader().load("platformDefaults", new ClassPathResource(RESOURCE));
            if (environment.matchesProfiles(LOCAL_PROFILE)) {
                environment
                        .getPropertySources()
                        .addLast(new MapPropertySource("platformLocalDefaults", LOCAL_DEFAULTS));
            }
            sources.forEach(s -> environment.getPropertySources().addLast(s));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
