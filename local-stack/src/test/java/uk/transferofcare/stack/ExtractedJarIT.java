package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./run} starts each service from its jar unpacked once, and again only after a rebuild. */
class ExtractedJarIT {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path temp;

    @Test
    void aServiceJarIsUnpackedOnceAndAgainOnlyWhenItChanges() throws Exception {
        Path built = Layout.findRepoRoot()
                .orElseThrow()
                .resolve("notification-service/target/notification-service-" + Layout.VERSION + ".jar");
        Path jar = Files.copy(built, temp.resolve(built.getFileName()));
        Path folder = ExtractedJar.folder(temp.resolve("data"), "notification-service");

        Path unpacked = ExtractedJar.extract(JAVA, jar, folder);

        assertThat(unpacked).isEqualTo(folder.resolve(jar.getFileName()));
        Manifest manifest;
        try (JarFile plain = new JarFile(unpacked.toFile())) {
            manifest = plain.getManifest();
        }
        String classPath = manifest.getMainAttributes().getValue("Class-Path");
        assertThat(classPath).contains("lib/spring-boot-");
        for (String library : classPath.split(" ")) {
            assertThat(folder.resolve(library))
                    .as("every library the manifest names")
                    .isRegularFile();
        }
        assertThat(Files.readString(folder.resolve(ExtractedJar.STAMP))).isEqualTo(ExtractedJar.stampOf(jar));

        // Unchanged: reused as it is (a file left in the folder survives).
        Path marker = Files.writeString(folder.resolve("marker"), "kept");
        assertThat(ExtractedJar.extract(JAVA, jar, folder)).isEqualTo(unpacked);
        assertThat(marker).exists();

        // Rebuilt (a new modification time): unpacked afresh.
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertThat(ExtractedJar.extract(JAVA, jar, folder)).isEqualTo(unpacked);
        assertThat(marker).doesNotExist();
        assertThat(unpacked).isRegularFile();
        assertThat(Files.readString(folder.resolve(ExtractedJar.STAMP))).isEqualTo(ExtractedJar.stampOf(jar));
    }

    @Test
    void aJarThatIsNotAnExecutableSpringBootJarStopsTheStartWithTheReason() throws IOException {
        Path jar = temp.resolve("not-boot.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("not an application".getBytes());
            zip.closeEntry();
        }

        assertThatThrownBy(() -> ExtractedJar.extract(JAVA, jar, ExtractedJar.folder(temp, "broken")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot unpack " + jar);
        assertThat(ExtractedJar.folder(temp, "broken").resolve(ExtractedJar.STAMP))
                .doesNotExist();
    }
}
