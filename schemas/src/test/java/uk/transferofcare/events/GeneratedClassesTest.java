package uk.transferofcare.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Every generated class embeds the whole schema of each named type it uses. A record whose own .avsc did not change
 * kept an older copy of a changed enum after an incremental build (avro-maven-plugin regenerates only changed files),
 * and the processor then wrote a new symbol's ordinal under a schema without it. Here every named type inside every
 * topic's value schema must equal that type's own .avsc file and its own generated class, symbol for symbol.
 */
class GeneratedClassesTest {

    private static final Path SOURCES = locate("src/main/avro/uk/transferofcare/events");

    @Test
    void everyNamedTypeInsideEveryTopicsSchemaIsTheCurrentOne() throws Exception {
        List<String> stale = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Topic<?> topic : Topics.all()) {
            collect(topic.valueSchema(), topic.name(), stale, seen);
        }
        assertThat(seen).as("named types found").hasSizeGreaterThan(Topics.all().size());
        assertThat(stale)
                .as("named types embedded in an older form (rebuild the schemas module from clean)")
                .isEmpty();
    }

    private static void collect(Schema schema, String where, List<String> stale, Set<String> seen) throws Exception {
        switch (schema.getType()) {
            case UNION -> {
                for (Schema branch : schema.getTypes()) {
                    collect(branch, where, stale, seen);
                }
            }
            case ARRAY -> collect(schema.getElementType(), where, stale, seen);
            case MAP -> collect(schema.getValueType(), where, stale, seen);
            case RECORD, ENUM -> {
                if (!seen.add(where + "/" + schema.getFullName())) {
                    return;
                }
                Schema ownClass = SpecificData.get().getSchema(Class.forName(schema.getFullName()));
                if (!ownClass.equals(schema)) {
                    stale.add(schema.getFullName() + " inside " + where + " differs from its class");
                }
                Path file = SOURCES.resolve(schema.getName() + ".avsc");
                if (schema.getType() == Schema.Type.ENUM && Files.exists(file)) {
                    Schema own = new Schema.Parser().parse(Files.readString(file));
                    if (!own.getEnumSymbols().equals(schema.getEnumSymbols())) {
                        stale.add(schema.getFullName() + " inside " + where + " has " + schema.getEnumSymbols()
                                + ", its .avsc " + own.getEnumSymbols());
                    }
                }
                if (schema.getType() == Schema.Type.RECORD) {
                    for (Schema.Field field : schema.getFields()) {
                        collect(field.schema(), where, stale, seen);
                    }
                }
            }
            default -> {}
        }
    }

    private static Path locate(String relative) {
        for (Path candidate : List.of(Path.of(relative), Path.of("schemas").resolve(relative))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "Cannot find " + relative + " from " + Path.of("").toAbsolutePath());
    }
}
