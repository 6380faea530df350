package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's PostgreSQL, driven as the user drives it ({@code --services ""}: broker, PostgreSQL, registry): the
 * services' login owns the database, the analysts' login connects but cannot write or read the services' tables, what
 * was written survives a stop and start of the same data folder and a {@code kill -9} of the server, and a taken port
 * stops the launcher before it starts anything, naming the port.
 */
class LocalStackPostgresIT {

    @TempDir
    Path work;

    @Test
    void theDatabaseServesBothLoginsAndKeepsItsDataAcrossAStopAndStartAndAKill() throws Exception {
        int offset = LauncherProcess.freeOffset(25_000, Set.of());
        Ports ports = new Ports(offset);
        Path data = work.resolve("data");
        String[] args = {
            "--services",
            "",
            "--ports-offset",
            String.valueOf(offset),
            "--data-dir",
            data.toString(),
            "--timeout",
            "150"
        };
        LocalPostgres.Storage storage = LocalPostgres.Storage.in(new Layout(Path.of("/unused"), data));

        // Given a first start on an empty data folder
        String appPassword;
        String analystPassword;
        try (LauncherProcess first = LauncherProcess.start(work.resolve("first.txt"), args)) {
            double seconds = first.awaitReady(Duration.ofSeconds(170));
            System.out.printf(
                    "Broker + PostgreSQL + registry ready in %.1f s (first start, cluster initialised)%n", seconds);
            appPassword = Files.readString(storage.passwordFile("handover")).strip();
            analystPassword =
                    Files.readString(storage.passwordFile("handover_analyst")).strip();
            assertThat(first.console())
                    .containsPattern("PostgreSQL\\s+initialised "
                            + Pattern.quote(storage.cluster().toString()) + " \\(\\d+\\.\\d s\\)")
                    .containsPattern("PostgreSQL\\s+127\\.0\\.0\\.1:" + ports.postgres() + " ready")
                    .contains("PostgreSQL (services)       jdbc:postgresql://127.0.0.1:" + ports.postgres()
                            + "/handover (user handover)")
                    .contains("PostgreSQL for analysts     postgresql://handover_analyst:" + analystPassword
                            + "@127.0.0.1:" + ports.postgres() + "/handover (read-only)")
                    .doesNotContain(appPassword);

            // When the services' login creates a table and writes a row
            try (Connection app = LocalPostgres.connect(ports, "handover", "handover", appPassword);
                    Statement sql = app.createStatement()) {
                assertThat(single(sql, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'handover'"))
                        .as("owner of the database")
                        .isEqualTo("handover");
                assertThat(single(sql, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
                        .isEqualTo("false");
                sql.execute("CREATE TABLE probe (case_id text PRIMARY KEY, note text NOT NULL)");
                sql.execute("INSERT INTO probe VALUES ('HO-1', 'first-run')");
            }

            // Then the analysts' login connects, and can neither write nor read what it was not granted
            try (Connection analyst = LocalPostgres.connect(ports, "handover", "handover_analyst", analystPassword);
                    Statement sql = analyst.createStatement()) {
                assertThat(single(sql, "SELECT current_user")).isEqualTo("handover_analyst");
                assertThat(sqlState(sql, "CREATE TABLE mine (x int)"))
                        .as("transactions are read-only by default")
                        .isEqualTo("25006");
                sql.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
                assertThat(sqlState(sql, "CREATE TABLE mine (x int)"))
                        .as("no CREATE on schema public, even read-write")
                        .isEqualTo("42501");
                assertThat(sqlState(sql, "CREATE TEMP TABLE mine (x int)"))
                        .as("no TEMP on the database")
                        .isEqualTo("42501");
                assertThat(sqlState(sql, "SELECT note FROM probe"))
                        .as("no SELECT on the services' tables (the API grants its views)")
                        .isEqualTo("42501");
            }
            assertThatThrownBy(() -> LocalPostgres.connect(ports, "handover", "handover_analyst", "wrong-password"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("28P01");

            // And the stack is stopped as Ctrl-C stops it: PostgreSQL last, with a fast shutdown
            assertThat(first.stop(Duration.ofSeconds(120))).as(first.console()).isEqualTo(143);
            assertThat(first.console())
                    .containsPattern("(?s)schema-registry\\s+stopped.*kafka\\s+stopped.*postgres\\s+stopped \\(")
                    .contains("Local stack stopped.");
            assertThat(Files.readString(data.resolve("logs/postgres.log")))
                    .contains("received fast shutdown request")
                    .contains("database system is shut down");
        }
        assertThat(PortCheck.taken(ports.needed(Set.of())))
                .as("every port is free again")
                .isEmpty();

        // Then a second start on the same data folder finds the row, with the same passwords
        try (LauncherProcess second = LauncherProcess.start(work.resolve("second.txt"), args)) {
            double seconds = second.awaitReady(Duration.ofSeconds(170));
            System.out.printf("Broker + PostgreSQL + registry ready in %.1f s (restart)%n", seconds);
            assertThat(second.console()).doesNotContain("initialised");
            assertThat(Files.readString(storage.passwordFile("handover")).strip())
                    .isEqualTo(appPassword);
            assertThat(noteOf(ports, appPassword)).isEqualTo("first-run");

            // When PostgreSQL is killed with SIGKILL right after a commit
            try (Connection app = LocalPostgres.connect(ports, "handover", "handover", appPassword);
                    Statement sql = app.createStatement()) {
                sql.execute("UPDATE probe SET note = 'committed-before-the-kill' WHERE case_id = 'HO-1'");
            }
            long postgres = LauncherProcess.pidOf(data, "postgres");
            long broker = LauncherProcess.pidOf(data, "kafka");
            long killed = System.nanoTime();
            LauncherProcess.kill9(postgres);

            // Then the launcher restarts it on the same cluster, and the broker runs on
            long restarted = second.awaitRestarted("postgres", 1, Duration.ofSeconds(120));
            System.out.printf(
                    "PostgreSQL killed with SIGKILL, restarted and ready %.1f s later%n",
                    (System.nanoTime() - killed) / 1e9);
            assertThat(restarted).isNotEqualTo(postgres).isEqualTo(LauncherProcess.pidOf(data, "postgres"));
            assertThat(second.console())
                    .containsPattern(
                            "postgres +died \\(exit code 137: SIGKILL\\) after \\d+\\.\\d s; restarting in 1\\.0 s")
                    .doesNotContain("initialised")
                    .doesNotContain("Stopping the local stack");
            assertThat(noteOf(ports, appPassword)).isEqualTo("committed-before-the-kill");
            assertThat(LauncherProcess.pidOf(data, "kafka")).isEqualTo(broker);
            assertThat(LauncherProcess.alive(broker)).isTrue();

            assertThat(second.stop(Duration.ofSeconds(120))).isEqualTo(143);
            assertThat(second.console()).containsPattern("postgres\\s+stopped").contains("Local stack stopped.");
        }
    }

    @Test
    void aTakenPostgresPortStopsTheLauncherBeforeItStartsAnythingNamingThePort() throws Exception {
        int offset = LauncherProcess.freeOffset(26_000, Set.of());
        Ports ports = new Ports(offset);
        Path data = work.resolve("data");

        // Given something else listening on PostgreSQL's port
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(ports.postgres()));

            // When the launcher starts
            try (LauncherProcess launcher = LauncherProcess.start(
                    work.resolve("console.txt"),
                    "--services",
                    "",
                    "--ports-offset",
                    String.valueOf(offset),
                    "--data-dir",
                    data.toString())) {

                // Then it exits 1, naming the port and what it is for, having started nothing
                assertThat(launcher.awaitExit(Duration.ofSeconds(60))).isEqualTo(LocalStack.FAILURE);
                assertThat(launcher.console())
                        .contains("local-stack: Port " + ports.postgres() + " (PostgreSQL) is already in use.")
                        .contains("--ports-offset")
                        .doesNotContain("Starting the local stack");
            }
        }
        assertThat(data.resolve("postgres")).doesNotExist();
    }

    private static String noteOf(Ports ports, String appPassword) throws SQLException {
        try (Connection app = LocalPostgres.connect(ports, "handover", "handover", appPassword);
                Statement sql = app.createStatement()) {
            return single(sql, "SELECT note FROM probe WHERE case_id = 'HO-1'");
        }
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            assertThat(rows.next()).as(query).isTrue();
            return rows.getString(1);
        }
    }

    /** The SQLSTATE the statement fails with; fails the test if it succeeds. */
    private static String sqlState(Statement sql, String statement) {
        try {
            sql.execute(statement);
        } catch (SQLException e) {
            return e.getSQLState();
        }
        throw new AssertionError("expected to be refused: " + statement);
    }
}
