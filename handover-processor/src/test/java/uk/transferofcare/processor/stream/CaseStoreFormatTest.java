package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.transferofcare.processor.stream.WireFixtures.T0;
import static uk.transferofcare.processor.stream.WireFixtures.arrive;
import static uk.transferofcare.processor.stream.WireFixtures.min;
import static uk.transferofcare.processor.stream.WireFixtures.preAlert;
import static uk.transferofcare.processor.stream.WireFixtures.submit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.processor.domain.CaseFile;
import uk.transferofcare.processor.domain.Decision;
import uk.transferofcare.processor.domain.HandoverStateMachine;
import uk.transferofcare.processor.domain.Verdict;

/** The case store's value format: lossless, stable (golden file), strict. */
class CaseStoreFormatTest {

    static final String GOLDEN = "/case-store/format-2.json";
    static final String GOLDEN_FORMAT_1 = "/case-store/format-1.json";
    private static final String CASE = "case-golden";

    /** A case that uses every part of the case file: all points, verdict kinds, timers, retained, corrections. */
    static CaseFile richCase() {
        HandoverStateMachine machine = new HandoverStateMachine();
        CaseFile file = null;
        HandoverSubmission[] history = {
            preAlert(CASE, "g1", min(-10))
                    .legalBasis(LegalBasis.S297)
                    .removedAt(T0.minus(Duration.ofHours(21)))
                    .officerCount(2)
                    .build(),
            arrive(CASE, "g2", T0).build(),
            arrive(CASE, "g2", T0).build(),
            submit(CASE, "g3", EventType.HANDED_OVER, min(-30)).build(),
            submit(CASE, "g4", EventType.ACKNOWLEDGED, min(40)).build(),
            submit(CASE, "g5", EventType.HANDED_OVER, min(50)).build(),
            submit(CASE, "g6", EventType.OFFICER_RETAINED, min(55))
                    .reason("custody")
                    .officerCount(1)
                    .build(),
            submit(CASE, "g7", EventType.OFFICER_RELEASED, min(65)).build(),
            submit(CASE, "g8", EventType.CLEARED, min(70)).build(),
            submit(CASE, "g9", EventType.CORRECTED, min(80))
                    .correction(TimePoint.CLEARED, min(75), "device clock")
                    .build()
        };
        for (HandoverSubmission wire : history) {
            Instant now = wire.getReceivedAt().plusSeconds(1);
            Decision decision = machine.decide(file, WireMapping.submission(wire), now);
            file = machine.tick(decision.caseFile(), now).caseFile();
        }
        return file;
    }

    @Test
    void givenACaseUsingEveryPartOfTheCaseFile_whenEncodedAndDecoded_thenItIsEqual() {
        CaseFile file = richCase();
        assertThat(file.submissions().values())
                .hasAtLeastOneElementOfType(Verdict.Applied.class)
                .hasAtLeastOneElementOfType(Verdict.Rejected.class);
        assertThat(file.duplicateSubmissions()).isEqualTo(1);
        assertThat(file.escalations()).isNotEmpty();
        assertThat(file.legalClockWarnings()).isNotEmpty();
        assertThat(file.retained()).isNotEmpty();
        assertThat(file.corrections()).isNotEmpty();
        StoredCase stored = new StoredCase(file, min(60 * 20));

        StoredCase decoded = CaseStoreFormat.decode(CASE, CaseStoreFormat.encode(stored));

        assertThat(decoded).isEqualTo(stored);
    }

    @Test
    void givenTheGoldenValueOfFormatOne_whenDecoded_thenItIsTheRichCaseWithoutFingerprintsOrRejectionFields() {
        String golden = golden(GOLDEN_FORMAT_1);

        StoredCase decoded = CaseStoreFormat.decode(CASE, golden.getBytes(StandardCharsets.UTF_8));

        CaseFile rich = richCase();
        assertThat(decoded.caseFile())
                .usingRecursiveComparison()
                .ignoringFields("fingerprints", "submissions")
                .isEqualTo(rich);
        assertThat(decoded.caseFile().fingerprints()).isEmpty();
        assertThat(decoded.caseFile().submissions().keySet())
                .containsExactlyElementsOf(rich.submissions().keySet());
        rich.submissions()
                .forEach((eventId, verdict) -> assertThat(
                                decoded.caseFile().submissions().get(eventId))
                        .isEqualTo(
                                verdict instanceof Verdict.Rejected rejected
                                        ? new Verdict.Rejected(
                                                rejected.rule(), rejected.message(), rejected.conflictingPoint())
                                        : verdict));
        assertThat(decoded.timerDueAt()).isEqualTo(min(60 * 20));
    }

    @Test
    void givenTheGoldenValueOfFormatTwo_whenDecoded_thenItIsTheRichCaseAndEncodingItAgainGivesTheSameJson()
            throws IOException {
        String golden = golden(GOLDEN);

        StoredCase decoded = CaseStoreFormat.decode(CASE, golden.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded).isEqualTo(new StoredCase(richCase(), min(60 * 20)));
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.readTree(CaseStoreFormat.encode(decoded)))
                .as("the stored format changed: bump CaseStoreFormat.FORMAT, keep reading formats 1 and 2, and add"
                        + " a golden file for the new format")
                .isEqualTo(json.readTree(golden));
    }

    @Test
    void givenValuesThatAreNotAKnownFormat_whenDecoded_thenTheErrorNamesTheCaseAndTheReason() {
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, "{\"format\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessageStartingWith("Stored case case-golden cannot be read as format 2");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessageStartingWith("Stored case case-golden cannot be read as format 2");
        String other = golden(GOLDEN).replace("\"format\": 2", "\"format\": 3");
        assertThatThrownBy(() -> CaseStoreFormat.decode(CASE, other.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored case case-golden has format 3; this version reads 1 and 2");
        assertThatThrownBy(() ->
                        CaseStoreFormat.decode("another-case", golden(GOLDEN).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessage("Stored value under key another-case is not that case");
        assertThat(CaseStoreFormat.decode(CASE, null)).isNull();
    }

    private static String golden(String name) {
        try (InputStream in = CaseStoreFormatTest.class.getResourceAsStream(name)) {
            if (in == null) {
                Path written = Path.of("target", Path.of(name).getFileName().toString());
                Files.write(written, CaseStoreFormat.encode(new StoredCase(richCase(), min(60 * 20))));
                throw new IllegalStateException("No golden file " + name + "; the current encoding is in " + written
                        + ": review it and copy it to src/test/resources" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
