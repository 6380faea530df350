package uk.transferofcare.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.Role;

class AccessPolicyTest {

    private static final CaseFacts QEUH_G = new CaseFacts("QEUH", "G");

    @Test
    void givenAnOfficer_whenReadingCases_thenOnlyThoseOfTheirDivision() {
        assertThat(AccessPolicy.canRead(new Caller("pc-1", Role.OFFICER, "G"), QEUH_G))
                .isTrue();
        assertThat(AccessPolicy.canRead(new Caller("pc-1", Role.OFFICER, "E"), QEUH_G))
                .isFalse();
        assertThat(AccessPolicy.canRead(new Caller("pc-1", Role.OFFICER, "E"), new CaseFacts("QEUH", null)))
                .isFalse();
    }

    @Test
    void givenAnAnalyst_whenReadingACase_thenRefused() {
        assertThat(AccessPolicy.canRead(new Caller("analyst-1", Role.ANALYST, "PHS"), QEUH_G))
                .isFalse();
    }

    @Test
    void givenAPoliceSupervisor_whenReadingTheSiteBoard_thenRefusedButTheirDivisionListIsAllowed() {
        Caller sergeant = new Caller("sgt-g", Role.SUPERVISOR, "G");

        assertThat(AccessPolicy.canReadSite(sergeant, "QEUH")).isFalse();
        assertThat(AccessPolicy.canReadDivision(sergeant, "G")).isTrue();
        assertThat(AccessPolicy.canRead(sergeant, QEUH_G)).isTrue();
    }

    @Test
    void givenTheProcessorsSystemRole_whenUsedAsACaller_thenRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new Caller("handover-processor", Role.SYSTEM, "SYSTEM"))
                .withMessage("a caller is a person, never SYSTEM");
    }
}
