package uk.transferofcare.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The server's lifecycle: URLs, ports, closing. */
class SchemaRegistryServerTest {

    @Test
    void restartsOnTheSamePortAfterClose() {
        int port;
        try (SchemaRegistryServer first = SchemaRegistryServer.startInMemory("127.0.0.1", 0)) {
            port = first.url().getPort();
            assertThat(new RegistryHttp(first.url()).get("/subjects").status()).isEqualTo(200);
        }
        try (SchemaRegistryServer second = SchemaRegistryServer.startInMemory("127.0.0.1", port)) {
            assertThat(second.url().getPort()).isEqualTo(port);
            assertThat(new RegistryHttp(second.url()).get("/subjects").status()).isEqualTo(200);
        }
    }

    @Test
    void aTakenPortIsAClearStartFailure() {
        try (SchemaRegistryServer first = SchemaRegistryServer.startInMemory("127.0.0.1", 0)) {
            int port = first.url().getPort();
            assertThatThrownBy(() -> SchemaRegistryServer.startInMemory("127.0.0.1", port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cannot listen on 127.0.0.1:" + port);
        }
    }

    @Test
    void listeningOnEveryInterfaceGivesALoopbackUrl() {
        try (SchemaRegistryServer server = SchemaRegistryServer.startInMemory("0.0.0.0", 0)) {
            assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
            assertThat(new RegistryHttp(server.url()).get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        SchemaRegistryServer server = SchemaRegistryServer.startInMemory("127.0.0.1", 0);
        server.close();
        server.close();
        assertThatThrownBy(() -> new RegistryHttp(server.url()).get("/subjects"))
                .isInstanceOf(IllegalStateException.class);
    }
}
