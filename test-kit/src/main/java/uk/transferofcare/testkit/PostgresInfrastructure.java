package uk.transferofcare.testkit;

/**
 * A real PostgreSQL 17 server for integration tests, one per test JVM ({@link #shared()}, stopped when the JVM
 * exits), on which every test context, test class or service jar that asks gets a fresh database ({@link
 * #createDatabase()}), so tests stay independent without paying for a server each.
 *
 * <p>By default the server is the PostgreSQL binaries of {@code io.zonky.test.postgres} run as a child process of
 * the test JVM (no Docker). With {@code -Dtestkit.infrastructure=containers} (and a Docker engine) it is the {@code
 * postgres:17} image, as in docker-compose.
 *
 * <p>The server has the platform's two roles: {@value #APP_ROLE} (owner of every test database, what the services
 * connect as) and {@value #ANALYST_ROLE} (the analysts' read-only login, password {@value #ANALYST_PASSWORD}), as
 * docker-compose and {@code ./run} create them.
 */
public interface PostgresInfrastructure extends AutoCloseable {

    /** The application role: owner of the databases, {@code SPRING_DATASOURCE_USERNAME}. */
    String APP_ROLE = "handover";

    String APP_PASSWORD = "handover";

    /** The analysts' read-only role, granted the {@code analytics} views by the API's migrations when it exists. */
    String ANALYST_ROLE = "handover_analyst";

    String ANALYST_PASSWORD = "analyst";

    /** A new, empty database owned by {@value #APP_ROLE}. */
    TestDatabase createDatabase();

    /** {@code host:port} of the server, for messages. */
    String address();

    @Override
    void close();

    /** The JVM-wide server, started on first use. */
    static PostgresInfrastructure shared() {
        return SharedPostgres.get();
    }
}
