package uk.transferofcare.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.web.servlet.MvcResult;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.Problems;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.vocabulary.EventType;

/**
 * The whole role x organisation x action matrix of issue 4 through the real filter chain with real signed JWTs and the
 * real processor: every event type and every read endpoint, for each role with its own and another organisation,
 * against a case at QEUH brought by division G. A submission's permission is judged in two places that never
 * overlap: the role x type table before producing (no case needed), the organisation x case by the processor. Each
 * submission row that may be allowed gets a case of its own, so rows cannot change each other's case; a row that must
 * be refused is sent to the one shared case (opened like the others, by division G at QEUH), which a refusal leaves
 * as it was (a refusal wrongly applied fails its own row). "Allowed" means the answer is not a refusal of permission
 * (the processor may still apply it, hold it or find it conflicts with the case). Expected outcomes are written out
 * here, independently of the code.
 */
@HandoverApiIntegrationTest
class AuthorizationMatrixIT extends ApiTestSupport {

    /** A caller kind: role, org, and a label saying whose org it is relative to the case. */
    record Who(String label, String role, String org) {
        @Override
        public String toString() {
            return role + "/" + org + " (" + label + ")";
        }
    }

    static final Who OFFICER_OWN = new Who("own division", "OFFICER", "G");
    static final Who OFFICER_OTHER = new Who("other division", "OFFICER", "E");
    static final Who ED_OWN = new Who("own site", "ED_STAFF", "QEUH");
    static final Who ED_OTHER = new Who("other site", "ED_STAFF", "GRI");
    static final Who SUPERVISOR_SITE = new Who("own site", "SUPERVISOR", "QEUH");
    static final Who SUPERVISOR_DIVISION = new Who("own division", "SUPERVISOR", "G");
    static final Who SUPERVISOR_OTHER = new Who("other org", "SUPERVISOR", "GRI");
    static final Who ANALYST = new Who("analyst", "ANALYST", "PHS");
    static final Who ADMIN = new Who("admin", "ADMIN", "ADMIN");
    static final List<Who> EVERYONE = List.of(
            OFFICER_OWN,
            OFFICER_OTHER,
            ED_OWN,
            ED_OTHER,
            SUPERVISOR_SITE,
            SUPERVISOR_DIVISION,
            SUPERVISOR_OTHER,
            ANALYST,
            ADMIN);

    static final Set<EventType> POLICE = Set.of(
            EventType.PRE_ALERTED,
            EventType.ARRIVED,
            EventType.CLEARED,
            EventType.CANCELLED,
            EventType.DIVERTED,
            EventType.ABSCONDED,
            EventType.ENDED_WITHOUT_HANDOVER,
            EventType.DISPOSITION_RECORDED,
            EventType.REFERRED_AT_SCENE,
            EventType.OFFICER_RETAINED,
            EventType.OFFICER_RELEASED,
            EventType.DELAY_REASON_RECORDED);
    static final Set<EventType> ED = Set.of(
            EventType.ARRIVED,
            EventType.ACKNOWLEDGED,
            EventType.HANDOVER_STARTED,
            EventType.HANDED_OVER,
            EventType.OFFICER_RETAINED,
            EventType.OFFICER_RELEASED,
            EventType.ABSCONDED,
            EventType.ENDED_WITHOUT_HANDOVER,
            EventType.LEGAL_CLOCK_EXTENDED,
            EventType.DISPOSITION_RECORDED,
            EventType.ASSESSMENT_STARTED,
            EventType.DELAY_REASON_RECORDED,
            EventType.ACTION_UNDONE);
    static final Set<EventType> SUPERVISOR = Set.of(
            EventType.CORRECTED,
            EventType.ENTERED_IN_ERROR,
            EventType.DIVISION_TRANSFERRED,
            EventType.CLOSED_NOT_RECORDED,
            EventType.LEGAL_CLOCK_EXTENDED,
            EventType.DISPOSITION_RECORDED);
    static final List<EventType> SUBMITTABLE = java.util.Arrays.stream(EventType.values())
            .filter(type -> !type.isProcessorOnly())
            .toList();

    private static String caseId;
    private static String openingEventId;
    private static int row;

    @BeforeEach
    void aCaseAtQeuhBroughtByDivisionG() throws Exception {
        synchronized (AuthorizationMatrixIT.class) {
            if (caseId == null) {
                String id = TestData.id();
                openingEventId = openCase(id, "QEUH");
                caseId = id;
            }
        }
    }

    static Stream<Arguments> submissions() {
        List<Arguments> rows = new ArrayList<>();
        for (Who who : EVERYONE) {
            for (EventType type : SUBMITTABLE) {
                boolean allowed = switch (who.role()) {
                    case "OFFICER" -> who == OFFICER_OWN && POLICE.contains(type);
                    case "ED_STAFF" -> who == ED_OWN && ED.contains(type);
                    // A transfer is for a supervisor of the case's division only (the division owns the case).
                    case "SUPERVISOR" ->
                        who != SUPERVISOR_OTHER
                                && SUPERVISOR.contains(type)
                                && (type != EventType.DIVISION_TRANSFERRED || who == SUPERVISOR_DIVISION);
                    default -> false;
                };
                rows.add(Arguments.of(who, type, allowed));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} submits {1}: allowed={2}")
    @MethodSource("submissions")
    @Execution(ExecutionMode.CONCURRENT) // each row its own user, and its own case when it may change one
    void givenACaller_whenSubmittingAType_thenTheMatrixDecides(Who who, EventType type, boolean allowed)
            throws Exception {
        // Opening a case is a round trip through the processor: only a row that may change its case needs its own
        // (34 of the 189 rows); the refused ones share the case every read row uses.
        String target = caseId;
        if (allowed) {
            target = TestData.id();
            openCase(target, "QEUH");
        }

        MvcResult result = submitAs(user(who), who.role(), who.org(), target, validBody(type));

        if (allowed) {
            assertThat(result.getResponse().getStatus())
                    .as(result.getResponse().getContentAsString())
                    .isIn(200, 201, 202, 409);
        } else {
            List<Problems.Rule> rules = Problems.rules(result, 403, json);
            assertThat(rules).hasSize(1);
            assertThat(rules.get(0).rule()).isIn("NOT_PERMITTED", "WRONG_SITE", "role");
        }
    }

    static Stream<Arguments> reads() {
        List<Arguments> rows = new ArrayList<>();
        for (Who who : EVERYONE) {
            rows.add(Arguments.of(who, "case", readersOfTheCase(who)));
            rows.add(Arguments.of(who, "status", readersOfTheCase(who)));
            rows.add(Arguments.of(who, "board QEUH", who == ED_OWN || who == SUPERVISOR_SITE || who == ADMIN));
            rows.add(Arguments.of(who, "stream QEUH", who == ED_OWN || who == SUPERVISOR_SITE || who == ADMIN));
            rows.add(Arguments.of(who, "division G", who == OFFICER_OWN || who == SUPERVISOR_DIVISION || who == ADMIN));
            rows.add(Arguments.of(who, "reports", who == ANALYST || who == ADMIN));
        }
        return rows.stream();
    }

    private static boolean readersOfTheCase(Who who) {
        return who == OFFICER_OWN
                || who == ED_OWN
                || who == SUPERVISOR_SITE
                || who == SUPERVISOR_DIVISION
                || who == ADMIN;
    }

    @ParameterizedTest(name = "{0} reads {1}: allowed={2}")
    @MethodSource("reads")
    @Execution(ExecutionMode.CONCURRENT)
    void givenACaller_whenReading_thenTheMatrixDecides(Who who, String what, boolean allowed) throws Exception {
        String path = switch (what) {
            case "case" -> "/api/v1/handovers/" + caseId;
            case "status" -> "/api/v1/handovers/" + caseId + "/events/" + openingEventId;
            case "board QEUH" -> "/api/v1/handovers?siteCode=QEUH";
            case "stream QEUH" -> "/api/v1/handovers/stream?siteCode=QEUH";
            case "division G" -> "/api/v1/handovers?division=G";
            case "reports" -> "/api/v1/reports/handover-times?from=2026-01-01&to=2026-02-01&groupBy=site";
            default -> throw new IllegalArgumentException(what);
        };

        MvcResult result = getAs(user(who), who.role(), who.org(), path);

        int status = result.getResponse().getStatus();
        if (allowed) {
            // Reports are another engineer's: until they exist the allowed answer is 404, never 401/403.
            assertThat(status)
                    .as(result.getResponse().getContentAsString())
                    .isIn(what.equals("reports") ? List.of(200, 404) : List.of(200));
        } else {
            assertThat(status).as(result.getResponse().getContentAsString()).isEqualTo(403);
            assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        }
    }

    /** A user id per row: the per-user rate limit must not couple rows. */
    private static synchronized String user(Who who) {
        return who.role().toLowerCase() + "-" + (++row);
    }

    private static Map<String, Object> validBody(EventType type) {
        Instant now = Instant.now().minusSeconds(5);
        String id = TestData.id();
        return switch (type) {
            case PRE_ALERTED -> body(id, type.name(), now, "siteCode", "QEUH");
            case DIVERTED -> body(id, type.name(), now, "destinationSiteCode", "GRI");
            case CANCELLED -> body(id, type.name(), now, "reason", "stood down");
            case ENTERED_IN_ERROR -> body(id, type.name(), now, "reason", "opened twice");
            case CLOSED_NOT_RECORDED -> body(id, type.name(), now, "reason", "stale: end never recorded");
            case OFFICER_RETAINED -> body(id, type.name(), now, "reason", "custody");
            case DISPOSITION_RECORDED -> body(id, type.name(), now, "disposition", "DISCHARGED", "reason", "checked");
            case REFERRED_AT_SCENE -> body(id, type.name(), now, "referralPathway", "DBI");
            case ASSESSMENT_STARTED -> body(id, type.name(), now, "assessmentMode", "IN_PERSON");
            case DELAY_REASON_RECORDED -> body(id, type.name(), now, "delayReason", "AWAITING_BED");
            // Names no point of the case: the processor's UNDO_NOT_FOUND (409) once the role may send it.
            case ACTION_UNDONE -> body(id, type.name(), now, "undoneEventId", TestData.id());
            case OFFICER_RELEASED -> body(id, type.name(), now, "officerCount", 1);
            case CORRECTED ->
                body(
                        id,
                        type.name(),
                        now,
                        "correctedPoint",
                        "PRE_ALERTED",
                        "correctedTo",
                        now.minusSeconds(60).toString(),
                        "reason",
                        "time entered late");
            case DIVISION_TRANSFERRED -> body(id, type.name(), now, "policeDivision", "E", "reason", "shift change");
            default -> body(id, type.name(), now);
        };
    }
}
