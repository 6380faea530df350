package uk.transferofcare.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spring Boot executable jar unpacked into a plain jar and its {@code lib/} folder (Spring Boot's {@code
 * -Djarmode=tools extract}), the form Spring recommends for running: the JVM loads classes straight from the
 * libraries' own jars instead of through the launcher's nested-jar class loader. Measured on the development machine
 * (handover-api, against a running stack, process start to {@code /readyz} UP, two runs each): 11.6-13.7 s from the
 * executable jar, 8.2-8.3 s unpacked.
 *
 * <p>The copy lives under {@code <data>/app/<module>/} with a stamp of the jar it came from (path, size, modification
 * time); a rebuilt jar is unpacked again before the next start, an unchanged one is reused.
 */
final class ExtractedJar {

    static final String STAMP = ".extracted-from";

    private static final long TIMEOUT_SECONDS = 120;

    private ExtractedJar() {}

    /** The folder a module's jar is unpacked into. */
    static Path folder(Path dataDir, String module) {
        return dataDir.resolve("app").resolve(module);
    }

    /**
     * Unpacks {@code jar} into {@code folder} unless the folder already holds this very jar; returns the unpacked jar
     * to pass to {@code java -jar}.
     */
    static Path extract(Path javaBin, Path jar, Path folder) throws IOException, InterruptedException {
        Path unpacked = folder.resolve(jar.getFileName());
        String stamp = stampOf(jar);
        Path stampFile = folder.resolve(STAMP);
        if (Files.isRegularFile(unpacked)
                && Files.isRegularFile(stampFile)
                && Files.readString(stampFile, StandardCharsets.UTF_8).equals(stamp)) {
            return unpacked;
        }
        deleteRecursively(folder);
        Files.createDirectories(folder.getParent());
        Path log = folder.getParent().resolve(folder.getFileName() + ".extract.log");
        Process process = new ProcessBuilder(List.of(
                        javaBin.toString(),
                        "-Djarmode=tools",
                        "-jar",
                        jar.toString(),
                        "extract",
                        "--destination",
                        folder.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("Unpacking " + jar + " took more than " + TIMEOUT_SECONDS + " s (see " + log + ")");
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(unpacked)) {
            throw new IOException("Cannot unpack " + jar + " into " + folder + " (exit code " + process.exitValue()
                    + "): " + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
        Files.writeString(stampFile, stamp, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return unpacked;
    }

    static String stampOf(Path jar) throws IOException {
        return jar.toAbsolutePath() + "\n" + Files.size(jar) + "\n"
                + Files.getLastModifiedTime(jar).toMillis() + "\n";
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
