package uk.transferofcare.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ManagementPortEnvironmentPostProcessorTest {

    private final ManagementPortEnvironmentPostProcessor processor = new ManagementPortEnvironmentPostProcessor();

    private Integer managementPort(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        processor.postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("management.server.port", Integer.class);
    }

    @Test
    void givenServerPorts_whenNoManagementPortIsSet_thenItIsTheServerPortPlusTenThousandAndRandomStaysRandom() {
        assertThat(managementPort(Map.of("server.port", "8083"))).isEqualTo(18083);
        assertThat(managementPort(Map.of("server.port", "8183")))
                .as("--ports-offset 100")
                .isEqualTo(18183);
        assertThat(managementPort(Map.of())).as("Boot's default 8080").isEqualTo(18080);
        assertThat(managementPort(Map.of("server.port", "0"))).isZero();
    }

    @Test
    void givenAnExplicitManagementPort_whenProcessed_thenItIsKept() {
        assertThat(managementPort(Map.of("server.port", "8083", "management.server.port", "9999")))
                .isEqualTo(9999);
    }

    @Test
    void givenAServerPortWithoutRoomAboveIt_whenProcessed_thenStartUpStopsNamingTheKeys() {
        assertThatThrownBy(() -> managementPort(Map.of("server.port", "60000")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("server.port (SERVER_PORT) = 60000")
                .hasMessageContaining("MANAGEMENT_SERVER_PORT");
        assertThatThrownBy(() -> managementPort(Map.of("server.port", "eighty")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("server.port (SERVER_PORT) must be a port number, was 'eighty'");
    }
}
