package uk.transferofcare.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class the shared broker and registry: starts them on first use and publishes their addresses as
 * system properties before any Spring context of the class starts, so Spring Boot services under test connect to
 * them with no further configuration ({@code spring.kafka.bootstrap-servers},
 * {@code spring.kafka.properties.schema.registry.url}, and the {@code KAFKA_BOOTSTRAP_SERVERS} /
 * {@code SCHEMA_REGISTRY_URL} placeholders of {@code platform-defaults.yml}). Test methods and constructors may
 * declare a {@link PlatformInfrastructure} or {@link KafkaTestClients} parameter.
 */
public class PlatformInfrastructureExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        publish(PlatformInfrastructure.shared());
    }

    static void publish(PlatformInfrastructure infrastructure) {
        System.setProperty("spring.kafka.bootstrap-servers", infrastructure.bootstrapServers());
        System.setProperty("spring.kafka.properties.schema.registry.url", infrastructure.schemaRegistryUrl());
        System.setProperty("KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrapServers());
        System.setProperty("SCHEMA_REGISTRY_URL", infrastructure.schemaRegistryUrl());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == PlatformInfrastructure.class || type == KafkaTestClients.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        PlatformInfrastructure infrastructure = PlatformInfrastructure.shared();
        return parameter.getParameter().getType() == PlatformInfrastructure.class
                ? infrastructure
                : new KafkaTestClients(infrastructure);
    }
}
