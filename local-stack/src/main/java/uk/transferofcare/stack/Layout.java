package uk.transferofcare.stack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where things are: the repository the launcher runs from (for the jars) and the data folder (for everything that
 * lives across restarts: Kafka's data, the services' local state and the logs).
 *
 * @param repoRoot the repository root, the folder with the root {@code pom.xml}
 * @param dataDir the data folder, {@code <repo>/.data} unless {@code --data-dir}
 */
record Layout(Path repoRoot, Path dataDir) {

    static final String VERSION = "0.1.0-SNAPSHOT";

    /** Tests and unusual set-ups may name the repository explicitly. */
    static final String ROOT_PROPERTY = "local-stack.root";

    /**
     * Finds the repository: the {@value #ROOT_PROPERTY} system property, else the first folder upwards from the
     * working directory, else from the launcher jar, that holds {@code pom.xml} and {@code local-stack/pom.xml}.
     */
    static Layout resolve(Optional<Path> dataDir) {
        Path root = findRepoRoot()
                .orElseThrow(() -> new IllegalStateException(
                        "Cannot find the repository (a folder with pom.xml and local-stack/pom.xml) above "
                                + Path.of("").toAbsolutePath() + ". Start the stack with ./run from the repository."));
        return new Layout(root, dataDir.orElse(root.resolve(".data")));
    }

    static Optional<Path> findRepoRoot() {
        String explicit = System.getProperty(ROOT_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit).toAbsolutePath().normalize());
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isBlank()) {
            starts.add(Path.of(classPath.split(File.pathSeparator)[0]).toAbsolutePath());
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("pom.xml"))
                        && Files.isRegularFile(dir.resolve("local-stack").resolve("pom.xml"))) {
                    return Optional.of(dir.normalize());
                }
            }
        }
        return Optional.empty();
    }

    /** The broker's classpath, copied from Maven Central jars at build time. */
    Path kafkaLibs() {
        return repoRoot.resolve("local-stack").resolve("target").resolve("kafka-libs");
    }

    Path registryJar() {
        return moduleJar("schema-registry");
    }

    Path jar(AppService service) {
        return moduleJar(service.module());
    }

    private Path moduleJar(String module) {
        return repoRoot.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
    }

    /** The first Kafka node's folder; it also holds what the nodes share (TLS, passwords, the broker count). */
    Path kafkaDir() {
        return kafkaDir(1);
    }

    /** Node n's folder: {@code kafka} for node 1 (as with one broker), {@code kafka-2}, {@code kafka-3}. */
    Path kafkaDir(int node) {
        return dataDir.resolve(node == 1 ? "kafka" : "kafka-" + node);
    }

    /** Kafka's {@code log.dirs} of node 1: the partitions, the metadata log and {@code meta.properties}. */
    Path kafkaLogDirs() {
        return kafkaLogDirs(1);
    }

    Path kafkaLogDirs(int node) {
        return kafkaDir(node).resolve("data");
    }

    Path logsDir() {
        return dataDir.resolve("logs");
    }

    Path log(String name) {
        return logsDir().resolve(name + ".log");
    }

    /** {@code APP_DATA_DIR} of a service: its local state, e.g. Kafka Streams' RocksDB stores. */
    Path dataDir(AppService service) {
        return dataDir.resolve(service.module());
    }

    /** An instance's own folder (Kafka Streams' state of a processor instance is its own). */
    Path dataDir(ServiceInstance instance) {
        return dataDir.resolve(instance.name());
    }

    Path pidsDir() {
        return dataDir.resolve("pids");
    }

    /** What the stack needs that a build makes, with what is missing named for the user. */
    List<String> missingArtifacts(Set<AppService> services) {
        List<String> missing = new ArrayList<>();
        if (!hasKafkaServerJar()) {
            missing.add("Kafka broker classpath " + repoRoot.relativize(kafkaLibs()) + "/");
        }
        if (!Files.isRegularFile(registryJar())) {
            missing.add("schema registry " + repoRoot.relativize(registryJar()));
        }
        for (AppService service : AppService.values()) {
            if (services.contains(service) && !Files.isRegularFile(jar(service))) {
                missing.add(service.module() + " " + repoRoot.relativize(jar(service)));
            }
        }
        return missing;
    }

    private boolean hasKafkaServerJar() {
        if (!Files.isDirectory(kafkaLibs())) {
            return false;
        }
        try (var files = Files.list(kafkaLibs())) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
