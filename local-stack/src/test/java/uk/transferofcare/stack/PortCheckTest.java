package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortCheckTest {

    @TempDir
    Path pids;

    @Test
    void aPortBoundOnLoopbackIsTaken() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = socket.getLocalPort();

            assertThat(PortCheck.inUse(port)).isTrue();
            assertThat(PortCheck.taken(List.of(new Ports.Use(port, "Kafka broker"))))
                    .containsExactly(new Ports.Use(port, "Kafka broker"));
        }
    }

    @Test
    void aFreePortIsNotTaken() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertThat(PortCheck.inUse(port)).isFalse();
    }

    @Test
    void theMessageNamesEachPortAndWhatItIsFor() {
        String message = PortCheck.message(
                List.of(new Ports.Use(9092, "Kafka broker"), new Ports.Use(8081, "schema registry")), pids, 0);

        assertThat(message).isEqualTo("""
                        Port 9092 (Kafka broker) is already in use.
                        Port 8081 (schema registry) is already in use.
                        Free the ports, or run beside it with --ports-offset N (for example --ports-offset 100).""");
    }

    @Test
    void theMessageNamesSurvivorsOfAnEarlierStack() throws Exception {
        long self = ProcessHandle.current().pid();
        Files.writeString(pids.resolve("kafka.pid"), self + "\n");
        Files.writeString(pids.resolve("schema-registry.pid"), "999999999\n");

        String message = PortCheck.message(List.of(new Ports.Use(9092, "Kafka broker")), pids, 0);

        assertThat(message)
                .contains("Processes of an earlier local stack on this data folder are still running: kafka (pid "
                        + self + ").")
                .doesNotContain("schema-registry");
    }
}
