package uk.transferofcare.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BACKWARD_TRANSITIVE: the current schema of every topic must read data written with every released version of it,
 * so a consumer upgraded first never meets a record it cannot decode.
 */
class SchemaCompatibilityTest {

    static Stream<Arguments> topicsAndReleases() {
        return Topics.all().stream()
                .flatMap(topic -> ReleasedSchemas.all().stream()
                        .filter(release -> release.schemaOf(topic) != null)
                        .map(release -> Arguments.of(topic, release)));
    }

    @ParameterizedTest(name = "{0} reads release {1}")
    @MethodSource("topicsAndReleases")
    void currentSchemaReadsEveryReleasedVersion(Topic<?> topic, ReleasedSchemas.Release release) {
        Schema writer = release.schemaOf(topic);
        Schema reader = topic.valueSchema();

        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        assertThat(result.getType())
                .as("%s against release %s: %s", topic.valueSubject(), release.date(), result.getResult())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    /**
     * The release that gave every enum a default ({@code UNKNOWN}, or {@code OTHER} for LegalBasis). Readers of this
     * release or later read symbols added after it as the default. Readers of earlier releases lack the defaults: they
     * read every record written without a symbol they do not know, and must be upgraded to this release before a
     * writer emits a new symbol (expand, then contract). Their only incompatibilities are enum symbols (e.g.
     * SubmissionStatus's HELD after 2026-11-25, read by handover-api, which is upgraded with the processor).
     */
    static final String ENUM_DEFAULTS_RELEASE = "2026-12-05-enum-defaults";

    static Stream<Arguments> releasedReaders() {
        return topicsAndReleases();
    }

    /**
     * FORWARD: a consumer still holding a released schema (the notification service's, an analyst's) reads records
     * written with the current one; readers from before {@link #ENUM_DEFAULTS_RELEASE} differ from the current schema
     * in enum symbols only.
     */
    @ParameterizedTest(name = "release {1} of {0} reads the current schema")
    @MethodSource("releasedReaders")
    void everyReleasedReaderReadsTheCurrentSchemaExceptTheDocumentedBreaks(
            Topic<?> topic, ReleasedSchemas.Release release) {
        Schema reader = release.schemaOf(topic);
        Schema writer = topic.valueSchema();

        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        String key = topic.valueSubject() + "@" + release.date();
        if (release.date().compareTo(ENUM_DEFAULTS_RELEASE) < 0) {
            assertThat(result.getResult().getIncompatibilities())
                    .as("%s reading the current schema differs in enum symbols only: %s", key, result.getResult())
                    .allSatisfy(incompatibility -> assertThat(incompatibility.getType())
                            .isIn(
                                    SchemaCompatibility.SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS,
                                    SchemaCompatibility.SchemaIncompatibilityType.MISSING_UNION_BRANCH)
                            .satisfies(type -> {
                                if (type == SchemaCompatibility.SchemaIncompatibilityType.MISSING_UNION_BRANCH) {
                                    assertThat(incompatibility.getMessage()).endsWith("ENUM");
                                }
                            }));
            return;
        }
        assertThat(result.getType())
                .as("%s reading the current schema: %s", key, result.getResult())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void everyTopicHasBeenReleased() {
        List<ReleasedSchemas.Release> releases = ReleasedSchemas.all();
        assertThat(releases)
                .as("released schema folders under %s", ReleasedSchemas.ROOT)
                .isNotEmpty();

        for (Topic<?> topic : Topics.all()) {
            assertThat(releases.stream().anyMatch(r -> r.schemaOf(topic) != null))
                    .as("%s has a released version; cut a release with ReleasedSchemas", topic.valueSubject())
                    .isTrue();
        }
    }

    @Test
    void theCheckRejectsABreakingChange() {
        Schema released = Topics.SUBMISSIONS.valueSchema();
        // A new required field without a default cannot be filled from old records.
        List<Schema.Field> fields = new ArrayList<>();
        released.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("newRequired", Schema.create(Schema.Type.STRING)));
        Schema reader =
                Schema.createRecord(released.getName(), released.getDoc(), released.getNamespace(), false, fields);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, released)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }
}
