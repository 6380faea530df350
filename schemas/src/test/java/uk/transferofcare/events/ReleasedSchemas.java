package uk.transferofcare.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * The released value schemas, kept as files under {@code schemas/released/<release date>/<subject>.avsc}. A release
 * is a folder; releases sort by their date.
 *
 * <p>To cut a release after a compatible change: {@code ./mvnw -q -pl schemas test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=uk.transferofcare.events.ReleasedSchemas}. It writes today's folder.
 */
final class ReleasedSchemas {

    static final Path ROOT = locateRoot();

    private ReleasedSchemas() {}

    record Release(String date, Path folder) {

        Schema schemaOf(Topic<?> topic) {
            Path file = folder.resolve(topic.valueSubject() + ".avsc");
            if (!Files.exists(file)) {
                return null;
            }
            try {
                return new Schema.Parser().parse(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every release, oldest first. */
    static List<Release> all() {
        try (Stream<Path> folders = Files.list(ROOT)) {
            return folders.filter(Files::isDirectory)
                    .map(p -> new Release(p.getFileName().toString(), p))
                    .sorted((a, b) -> a.date().compareTo(b.date()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        Path folder = ROOT.resolve(args.length > 0 ? args[0] : LocalDate.now().toString());
        Files.createDirectories(folder);
        for (Topic<?> topic : Topics.all()) {
            Path file = folder.resolve(topic.valueSubject() + ".avsc");
            Files.writeString(file, topic.valueSchema().toString(true) + System.lineSeparator());
            System.out.println("released " + file);
        }
    }

    private static Path locateRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(here.resolve("released"), here.resolve("schemas/released"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return here.endsWith("schemas") ? here.resolve("released") : here.resolve("schemas/released");
    }
}
