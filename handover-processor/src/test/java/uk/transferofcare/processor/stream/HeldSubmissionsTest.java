package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The held store's value: lossless, ordered, and strict about what it reads. */
class HeldSubmissionsTest {

    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void givenTwoHeldSubmissions_whenEncodedAndDecoded_thenEverythingIsKeptInOrderAndTheDueTimeIsTheEarliest() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        headers.add("toc-request-id", "r-1".getBytes(StandardCharsets.UTF_8));
        HeldSubmissions held = HeldSubmissions.of(List.of(
                new HeldSubmissions.Entry("e2", "ffff", T.plusSeconds(60), new byte[] {0, 1, 2}, headers),
                new HeldSubmissions.Entry("e1", "eeee", T, new byte[] {3}, null)));

        HeldSubmissions decoded = HeldSubmissions.decode("case-1", HeldSubmissions.encode(held));

        assertThat(decoded.timerDueAt()).isEqualTo(T);
        assertThat(decoded.entries())
                .extracting(
                        HeldSubmissions.Entry::eventId,
                        HeldSubmissions.Entry::fingerprint,
                        HeldSubmissions.Entry::until)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("e2", "ffff", T.plusSeconds(60)),
                        org.assertj.core.groups.Tuple.tuple("e1", "eeee", T));
        assertThat(decoded.entries().get(0).value()).containsExactly(0, 1, 2);
        assertThat(decoded.entries().get(0).headers().toArray()).hasSize(2);
        assertThat(new String(
                        decoded.entries()
                                .get(0)
                                .headers()
                                .lastHeader("toc-request-id")
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo("r-1");
        assertThat(decoded.entries().get(1).headers().toArray()).isEmpty();
        assertThat(decoded.find("e1").value()).containsExactly(3);
        assertThat(decoded.find("e3")).isNull();
    }

    @Test
    void givenBytesThatAreNotAHeldList_whenDecoded_thenTheErrorNamesTheCase() {
        assertThat(HeldSubmissions.decode("case-1", null)).isNull();
        assertThatThrownBy(() -> HeldSubmissions.decode("case-1", new byte[] {9, 0, 0}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Held submissions of case case-1 have format 9; this version reads 1");
        byte[] valid = HeldSubmissions.encode(
                HeldSubmissions.of(List.of(new HeldSubmissions.Entry("e1", "f", T, new byte[] {1}, null))));
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 3);
        assertThatThrownBy(() -> HeldSubmissions.decode("case-1", truncated))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Held submissions of case case-1 cannot be read");
        byte[] longer = java.util.Arrays.copyOf(valid, valid.length + 1);
        assertThatThrownBy(() -> HeldSubmissions.decode("case-1", longer))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trailing bytes");
    }
}
