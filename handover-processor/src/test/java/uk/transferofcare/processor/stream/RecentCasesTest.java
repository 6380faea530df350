package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import uk.transferofcare.processor.domain.CaseFile;

class RecentCasesTest {

    private static final Instant DUE = Instant.parse("2026-12-06T20:00:00Z");

    @Test
    void aCaseWrittenIsReadBackWithoutDecodingWhileTheStoreHoldsTheSameBytes() {
        RecentCases recent = new RecentCases(10);
        StoredCase stored = new StoredCase(CaseStoreFormatTest.richCase(), DUE);
        byte[] bytes = CaseStoreFormat.encode(stored);
        recent.written(stored.caseFile().caseId(), bytes, stored);

        assertThat(recent.decode(stored.caseFile().caseId(), bytes.clone())).isSameAs(stored);
    }

    @Test
    void otherBytesUnderTheKeyAreDecodedAfreshNotTakenFromTheCache() {
        RecentCases recent = new RecentCases(10);
        CaseFile file = CaseStoreFormatTest.richCase();
        StoredCase written = new StoredCase(file, DUE);
        recent.written(file.caseId(), CaseStoreFormat.encode(written), written);
        // What a restore or a rolled-back transaction leaves in the store: the same case, another value.
        StoredCase inStore = new StoredCase(file, DUE.plusSeconds(60));
        byte[] storeBytes = CaseStoreFormat.encode(inStore);

        StoredCase read = recent.decode(file.caseId(), storeBytes);

        assertThat(read).isNotSameAs(written).isEqualTo(inStore);
        assertThat(read.timerDueAt()).isEqualTo(DUE.plusSeconds(60));
        assertThat(recent.decode(file.caseId(), storeBytes)).isSameAs(read);
    }

    @Test
    void noValueIsNoCaseAndAValueOfAnotherCaseIsStillRefused() {
        RecentCases recent = new RecentCases(10);
        StoredCase stored = new StoredCase(CaseStoreFormatTest.richCase(), DUE);
        byte[] bytes = CaseStoreFormat.encode(stored);

        assertThat(recent.decode("any", null)).isNull();
        assertThatThrownBy(() -> recent.decode("another-case", bytes))
                .isInstanceOf(CaseStoreFormat.CorruptCaseException.class)
                .hasMessageContaining("not that case");
    }

    @Test
    void theLeastRecentlyUsedCaseLeavesFirst() {
        RecentCases recent = new RecentCases(2);
        CaseFile file = CaseStoreFormatTest.richCase();
        StoredCase stored = new StoredCase(file, DUE);
        byte[] bytes = CaseStoreFormat.encode(stored);
        recent.written(file.caseId(), bytes, stored);
        StoredCase first = recent.decode(file.caseId(), bytes);
        assertThat(first).isSameAs(stored);

        recent.written("b", new byte[] {1}, stored);
        recent.decode(file.caseId(), bytes); // used again: now "b" is the eldest
        recent.written("c", new byte[] {2}, stored);
        assertThat(recent.decode(file.caseId(), bytes)).isSameAs(stored);

        recent.written("d", new byte[] {3}, stored);
        recent.written("e", new byte[] {4}, stored);
        StoredCase decodedAgain = recent.decode(file.caseId(), bytes);
        assertThat(decodedAgain).isNotSameAs(stored).isEqualTo(stored);
    }

    @Test
    void givenNoRoomWhenKeepingNone_thenEveryReadDecodesAfreshAndAReadIsStillTheCase() {
        RecentCases none = new RecentCases(0);
        StoredCase stored = new StoredCase(CaseStoreFormatTest.richCase(), DUE);
        byte[] bytes = CaseStoreFormat.encode(stored);
        none.written(stored.caseFile().caseId(), bytes, stored);

        StoredCase first = none.decode(stored.caseFile().caseId(), bytes);
        StoredCase second = none.decode(stored.caseFile().caseId(), bytes);

        assertThat(first).isNotSameAs(stored).isEqualTo(stored);
        assertThat(second).isNotSameAs(first).isEqualTo(stored);
        assertThatThrownBy(() -> new RecentCases(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be 0 or more, was -1");
    }
}
