package uk.transferofcare.api.handover;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who first sent an eventId: the user id of the submission whose verdict stands, as the projection holds it. Used
 * only to decide whether a re-send's standing verdict may be shown to its caller when the case has since moved to
 * another organisation (a DIVISION_TRANSFERRED, a CORRECTED of the division or the site): the original submitter
 * gets their own answer again. It never decides whether a submission is valid; a projection that has not got the
 * first verdict yet answers empty, and the caller gets the refusal any other organisation gets.
 */
@FunctionalInterface
interface FirstSubmitters {

    /** Nobody is known: every re-send of a case the caller may no longer read is refused as before. */
    FirstSubmitters NONE = (caseId, eventId) -> Optional.empty();

    Optional<String> of(String caseId, String eventId);

    /** From {@code projection.submissions}, whose row of an eventId is written by its first (non-re-send) outcome. */
    static FirstSubmitters fromProjection(JdbcTemplate jdbc) {
        return (caseId, eventId) -> {
            List<String> users = jdbc.queryForList(
                    "SELECT submitted_by FROM projection.submissions WHERE case_id = ? AND event_id = ?",
                    String.class,
                    caseId,
                    eventId);
            return users.stream().findFirst();
        };
    }
}
