package uk.transferofcare.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * PostgreSQL 17 from the {@code io.zonky.test.postgres} binaries, a child process of the test JVM on a free port
 * with a temporary data folder (deleted at close). Works as root: the library runs the server accordingly.
 */
final class EmbeddedPostgresInfrastructure implements PostgresInfrastructure {

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresInfrastructure(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresInfrastructure start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Tests, not durability: a crash of the test JVM loses the databases anyway.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
            SharedPostgres.createRoles(postgres.getPostgresDatabase());
            return new EmbeddedPostgresInfrastructure(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    @Override
    public synchronized TestDatabase createDatabase() {
        String name = SharedPostgres.createDatabase(postgres.getPostgresDatabase());
        return new TestDatabase(
                name, "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name, APP_ROLE, APP_PASSWORD);
    }

    @Override
    public String address() {
        return "localhost:" + postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
