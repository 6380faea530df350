package uk.transferofcare.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The shared PostgreSQL server: PostgreSQL 17, databases of their own, the platform's roles. */
@WithPostgres
class PostgresInfrastructureIT {

    @Test
    void givenTheSharedServer_whenTwoDatabasesAreCreated_thenEachIsEmptyAndOwnedByTheApplicationRole(
            TestDatabase classDatabase) throws SQLException {
        TestDatabase other = PostgresInfrastructure.shared().createDatabase();

        try (Connection a = classDatabase.connect();
                Connection b = other.connect();
                Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.execute("CREATE TABLE only_here (id int)");

            assertThat(single(sb, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"))
                    .isEqualTo("0");
            assertThat(single(sa, "SELECT current_user")).isEqualTo(PostgresInfrastructure.APP_ROLE);
            assertThat(single(
                            sa,
                            "SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_database"
                                    + " WHERE datname = current_database()"))
                    .isEqualTo(PostgresInfrastructure.APP_ROLE);
            assertThat(single(sa, "SHOW server_version_num")).startsWith("17");
        }
        assertThat(other.name()).isNotEqualTo(classDatabase.name());
    }

    @Test
    void givenTheAnalystRole_whenItConnects_thenItMayNotReadTheApplicationsTables(TestDatabase database)
            throws SQLException {
        try (Connection owner = database.connect();
                Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS private_rows (id int)");
        }

        try (Connection analyst = database.connectAs(
                        PostgresInfrastructure.ANALYST_ROLE, PostgresInfrastructure.ANALYST_PASSWORD);
                Statement statement = analyst.createStatement()) {
            assertThat(single(statement, "SELECT current_user")).isEqualTo(PostgresInfrastructure.ANALYST_ROLE);
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM private_rows"))
                    .hasMessageContaining("permission denied");
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
