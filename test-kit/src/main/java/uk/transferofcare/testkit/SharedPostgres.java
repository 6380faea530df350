package uk.transferofcare.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the JVM-wide PostgreSQL server once (the kind {@link PlatformInfrastructure#SELECTOR} names). */
final class SharedPostgres {

    private static final Logger log = LoggerFactory.getLogger(SharedPostgres.class);
    private static PostgresInfrastructure instance;

    private SharedPostgres() {}

    static synchronized PostgresInfrastructure get() {
        if (instance == null) {
            Instant start = Instant.now();
            String kind = System.getProperty(PlatformInfrastructure.SELECTOR, "embedded");
            PostgresInfrastructure started = switch (kind) {
                case "embedded" -> EmbeddedPostgresInfrastructure.start();
                case "containers" -> ContainerPostgresInfrastructure.start();
                default ->
                    throw new IllegalArgumentException(
                            "-D" + PlatformInfrastructure.SELECTOR + "=" + kind + ": expected embedded or containers");
            };
            log.info(
                    "Test PostgreSQL ({}) ready in {} ms at {}",
                    kind,
                    Duration.between(start, Instant.now()).toMillis(),
                    started.address());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-shutdown"));
            instance = started;
        }
        return instance;
    }

    /** Creates the platform's roles on a fresh server (as docker-compose's init script and ./run do). */
    static void createRoles(DataSource superuser) {
        execute(
                superuser,
                "CREATE ROLE " + PostgresInfrastructure.APP_ROLE + " LOGIN PASSWORD '"
                        + PostgresInfrastructure.APP_PASSWORD + "'",
                "CREATE ROLE " + PostgresInfrastructure.ANALYST_ROLE + " LOGIN PASSWORD '"
                        + PostgresInfrastructure.ANALYST_PASSWORD + "'");
    }

    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** A fresh database owned by the application role; the analysts' role may connect to it. */
    static String createDatabase(DataSource superuser) {
        String name = "handover_test_" + DATABASES.incrementAndGet() + "_"
                + ProcessHandle.current().pid();
        execute(
                superuser,
                "CREATE DATABASE " + name + " OWNER " + PostgresInfrastructure.APP_ROLE,
                "GRANT CONNECT ON DATABASE " + name + " TO " + PostgresInfrastructure.ANALYST_ROLE);
        return name;
    }

    static void execute(DataSource dataSource, String... statements) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL set-up failed: " + e.getMessage(), e);
        }
    }
}
