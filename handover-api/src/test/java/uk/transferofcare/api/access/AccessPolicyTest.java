package uk.transferofcare.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import uk.transferofcare.api.handover.SubmissionType;

class AccessPolicyTest {

    private static final CaseFacts QEUH_G = new CaseFacts("QEUH", "G");
    private static final CaseFacts QEUH_UNKNOWN_DIVISION = new CaseFacts("QEUH", null);

    @Test
    void
            givenACaseOpenedByEdStaff_whenAnOfficerOfAnyDivisionClears_thenAllowedLikeTheProcessorAndTheCaseBecomesTheirs() {
        assertThat(AccessPolicy.denySubmit(
                        new Caller("pc-1", Role.OFFICER, "E"), SubmissionType.CLEARED, QEUH_UNKNOWN_DIVISION))
                .isEmpty();
        assertThat(AccessPolicy.canRead(new Caller("pc-1", Role.OFFICER, "E"), QEUH_UNKNOWN_DIVISION))
                .isFalse();
    }

    @Test
    void givenAnAdmin_whenSubmittingACorrection_thenRefusedWithAReason() {
        assertThat(AccessPolicy.denySubmit(new Caller("admin", Role.ADMIN, "ADMIN"), SubmissionType.CORRECTED, QEUH_G))
                .contains("an ADMIN may read everything but submits nothing (CORRECTED)");
    }

    @Test
    void givenAPoliceSupervisor_whenReadingTheSiteBoard_thenRefusedButTheirDivisionListIsAllowed() {
        Caller sergeant = new Caller("sgt-g", Role.SUPERVISOR, "G");

        assertThat(AccessPolicy.canReadSite(sergeant, "QEUH")).isFalse();
        assertThat(AccessPolicy.canReadDivision(sergeant, "G")).isTrue();
        assertThat(AccessPolicy.canRead(sergeant, QEUH_G)).isTrue();
    }
}
