package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code --instances}: names, ports, data folders and environment of each process of a service. */
class ServiceInstanceTest {

    @Test
    void givenOneInstance_thenEachServiceKeepsItsModulesNameAndPort() {
        Ports ports = new Ports(0);
        List<ServiceInstance> instances = ServiceInstance.of(List.of(AppService.values()), 1);

        assertThat(instances)
                .extracting(ServiceInstance::name)
                .containsExactly("handover-api", "handover-processor", "notification-service");
        assertThat(instances).extracting(ports::of).containsExactly(8080, 8082, 8083);
        assertThat(instances).extracting(ports::management).containsExactly(18080, 18082, 18083);
        assertThat(ports.apiFront()).isFalse();
    }

    @Test
    void givenTwoInstances_thenApiAndProcessorRunTwoEachOnTheirOwnPortsAndTheNotificationServiceOne() {
        Ports ports = new Ports(100, 1, 2);
        List<ServiceInstance> instances = ServiceInstance.of(List.of(AppService.values()), 2);

        assertThat(instances)
                .extracting(ServiceInstance::name)
                .containsExactly(
                        "handover-api-1",
                        "handover-api-2",
                        "handover-processor-1",
                        "handover-processor-2",
                        "notification-service");
        assertThat(instances).extracting(ports::of).containsExactly(8280, 8380, 8282, 8382, 8183);
        assertThat(ports.of(AppService.API)).as("the front").isEqualTo(8180);
        assertThat(ports.apiFront()).isTrue();
        assertThat(new Layout(Path.of("/repo"), Path.of("/data")).dataDir(instances.get(3)))
                .isEqualTo(Path.of("/data/handover-processor-2"));
    }

    @Test
    void givenThreeInstancesOnTheHighestOffset_thenEveryPortIsAPort() {
        int highestOffset = 65_535 - Ports.highestBasePort();
        Ports ports = new Ports(highestOffset, 3, 3);

        assertThat(ports.needed(EnumSet.allOf(AppService.class)))
                .extracting(Ports.Use::port)
                .allSatisfy(port -> assertThat(port).isBetween(1, 65_535))
                .contains(65_535)
                .doesNotHaveDuplicates();
    }

    @Test
    void givenTwoInstances_thenThePortCheckCoversTheFrontAndEveryInstance() {
        List<Ports.Use> needed = new Ports(0, 1, 2).needed(EnumSet.of(AppService.API, AppService.PROCESSOR));

        assertThat(needed)
                .extracting(Ports.Use::port)
                .contains(8080, 8180, 8280, 18180, 18280, 8182, 8282, 18182, 18282)
                .doesNotContain(8082, 18080, 18082)
                .doesNotHaveDuplicates();
        assertThat(needed)
                .contains(new Ports.Use(8080, "handover-api (the front to its 2 instances)"))
                .contains(new Ports.Use(18282, "handover-processor-2 management"));
    }

    @Test
    void givenAProcessName_thenItsServiceIsFoundForInstancesOfServicesThatScaleOut() {
        assertThat(ServiceInstance.serviceOf("handover-api")).hasValue(AppService.API);
        assertThat(ServiceInstance.serviceOf("handover-api-2")).hasValue(AppService.API);
        assertThat(ServiceInstance.serviceOf("handover-processor-3")).hasValue(AppService.PROCESSOR);
        assertThat(ServiceInstance.serviceOf("notification-service")).hasValue(AppService.NOTIFICATION);
        assertThat(ServiceInstance.serviceOf("notification-service-2")).isEqualTo(Optional.empty());
        assertThat(ServiceInstance.serviceOf("kafka-2")).isEmpty();
        assertThat(ServiceInstance.serviceOf("schema-registry")).isEmpty();
        assertThat(ServiceInstance.serviceOf("postgres")).isEmpty();
    }

    @Test
    void givenAnInstance_thenItsEnvironmentNamesItsOwnPortAndDataFolder() {
        Ports ports = new Ports(0, 1, 2);
        Layout layout = new Layout(Path.of("/repo"), Path.of("/data"));

        var env = Platform.serviceEnvironment(
                new ServiceInstance(AppService.PROCESSOR, 2, 2), ports, layout, "secret", null, false);

        assertThat(env)
                .containsEntry("SERVER_PORT", "8282")
                .containsEntry("APP_DATA_DIR", "/data/handover-processor-2")
                .containsEntry("DEV_JWKS_URI", "http://127.0.0.1:8080/dev/jwks");
    }
}
