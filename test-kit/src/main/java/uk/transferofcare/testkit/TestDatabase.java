package uk.transferofcare.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * One database of its own on the test JVM's PostgreSQL server, owned by the application role {@value
 * PostgresInfrastructure#APP_ROLE} (the role the services use in production: {@code SPRING_DATASOURCE_USERNAME}).
 *
 * @param name the database name, unique on the server
 * @param url a JDBC url ({@code jdbc:postgresql://host:port/name})
 */
public record TestDatabase(String name, String url, String username, String password) {

    /** The Spring Boot properties that point a service at this database. */
    public Map<String, String> springProperties() {
        return Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", username,
                "spring.datasource.password", password);
    }

    /** The same as environment variables, as {@code ./run} and docker-compose pass them. */
    public Map<String, String> environment() {
        return Map.of(
                "SPRING_DATASOURCE_URL", url,
                "SPRING_DATASOURCE_USERNAME", username,
                "SPRING_DATASOURCE_PASSWORD", password);
    }

    /** A new connection as the application role (close it). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    /** A new connection as another role of the server, e.g. the analysts' read-only one (close it). */
    public Connection connectAs(String role, String rolePassword) throws SQLException {
        return DriverManager.getConnection(url, role, rolePassword);
    }
}
