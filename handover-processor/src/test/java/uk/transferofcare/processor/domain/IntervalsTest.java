package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.SITE;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.TimePoint;

/** Intervals in whole seconds (floor), null unless both ends are known; officer count has no default. */
class IntervalsTest {

    @Test
    void givenAFullCaseWithTwoOfficers_whenCleared_thenEveryIntervalIsKnownInWholeSecondsFloored() {
        Fixtures.Run run = Fixtures.Run.of(
                preAlert("e1", min(-10))
                        .details(Details.site(SITE).withOfficerCount(2).withLegalBasis(LegalBasis.VOLUNTARY)),
                arrive("e2", min(0)),
                submit("e3", EventType.ACKNOWLEDGED, min(4).plusMillis(999)),
                submit("e4", EventType.HANDOVER_STARTED, min(20)),
                submit("e5", EventType.HANDED_OVER, min(47).plusMillis(500)),
                submit("e6", EventType.CLEARED, min(62)));

        assertThat(run.caseFile.intervals()).isEqualTo(new Intervals(240L, 2820L, 899L, 3720L, 7440L, null, null));
        assertThat(run.caseFile.dataQuality())
                .isEqualTo(new DataQuality(false, false, 0, 0, 0, 0, false, false, false, false, true));
        assertThat(run.caseFile.state()).isEqualTo(CaseState.CLEARED);
        assertThat(run.last().emitCompletedCase()).isTrue();
    }

    @Test
    void givenNoOfficerCount_whenCleared_thenOfficerSecondsIsUnknownAndCountedInDataQuality() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.CLEARED, min(60)));

        assertThat(run.caseFile.intervals()).isEqualTo(new Intervals(null, null, null, 3600L, null, null, null));
        assertThat(run.caseFile.dataQuality().officerCountUnknown()).isTrue();
    }

    @Test
    void givenAnArrivedCaseWithoutClearance_whenAskedForDataQuality_thenMissingClearanceAndNotComplete() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(30)));

        assertThat(run.caseFile.dataQuality().missingClearance()).isTrue();
        assertThat(run.caseFile.dataQuality().complete()).isFalse();
        assertThat(run.last().emitCompletedCase()).isFalse();
    }

    @Test
    void givenAnS297CaseWithoutRemovedAt_whenAskedForDataQuality_thenTheLegalClockIsUnknown() {
        Fixtures.Run run =
                Fixtures.Run.of(arrive("e1", min(0)).details(Details.site(SITE).withLegalBasis(LegalBasis.S297)));

        assertThat(run.caseFile.legalClock()).isEqualTo(new LegalClock(LegalBasis.S297, TimePoint.REMOVED, null, null));
        assertThat(run.caseFile.dataQuality().legalClockUnknown()).isTrue();
    }
}
