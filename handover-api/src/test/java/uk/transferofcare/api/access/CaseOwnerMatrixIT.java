package uk.transferofcare.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

/**
 * Role x organisation x action x case owner, through the real filter chain, real JWTs and the real processor, with
 * two case owners so that every organisation is "own" for one case and "other" for the other: the cross-division and
 * cross-site attacks (an officer of division E acting on division G's case, ED staff of RIE reading QEUH's case, a
 * supervisor of one site correcting another's, replays of another organisation's eventIds).
 *
 * <p>The expected outcome of every row is derived here from the written rules (docs/domain.md, AccessPolicy's table,
 * the role x type table), not from running the code:
 *
 * <ul>
 *   <li>an organisation may read, and act on, a case when it is ADMIN (read only), the case's division (OFFICER), its
 *       site (ED_STAFF), or either (SUPERVISOR); ANALYST never;
 *   <li>a submission is allowed when the role may send the type and the organisation may act on the case; a replay of
 *       an eventId (the same body again) likewise: the standing verdict only goes to those who may act on the case;
 *   <li>a refusal is 403 problem+json that names no fact of the case: not its site, division, state or verdicts.
 * </ul>
 */
@HandoverApiIntegrationTest
class CaseOwnerMatrixIT extends ApiTestSupport {

    record Owner(String site, String division) {
        @Override
        public String toString() {
            return "case of " + site + "/" + division;
        }
    }

    record Who(String role, String org) {
        @Override
        public String toString() {
            return role + "/" + org;
        }
    }

    static final Owner A = new Owner("QEUH", "G");
    static final Owner B = new Owner("RIE", "E");

    static final List<Who> CALLERS = List.of(
            new Who("OFFICER", "G"),
            new Who("OFFICER", "E"),
            new Who("ED_STAFF", "QEUH"),
            new Who("ED_STAFF", "RIE"),
            new Who("SUPERVISOR", "QEUH"),
            new Who("SUPERVISOR", "E"),
            new Who("ANALYST", "PHS"),
            new Who("ADMIN", "ADMIN"));

    /** The role x type table of docs/domain.md, written out independently of the vocabulary module. */
    static final Map<String, Set<String>> MAY_SEND = Map.of(
            "OFFICER",
                    Set.of(
                            "PRE_ALERTED",
                            "ARRIVED",
                            "CLEARED",
                            "CANCELLED",
                            "DIVERTED",
                            "ABSCONDED",
                            "ENDED_WITHOUT_HANDOVER"),
            "ED_STAFF",
                    Set.of(
                            "ARRIVED",
                            "ACKNOWLEDGED",
                            "HANDOVER_STARTED",
                            "HANDED_OVER",
                            "OFFICER_RETAINED",
                            "OFFICER_RELEASED",
                            "ABSCONDED",
                            "ENDED_WITHOUT_HANDOVER"),
            "SUPERVISOR", Set.of("CORRECTED", "ENTERED_IN_ERROR"),
            "ANALYST", Set.of(),
            "ADMIN", Set.of());

    enum Action {
        READ_CASE,
        READ_VERDICT,
        LIST_SITE,
        LIST_DIVISION,
        SUBMIT_CLEARED,
        SUBMIT_ACKNOWLEDGED,
        SUBMIT_CORRECTED,
        REPLAY_PRE_ALERTED,
        REPLAY_ARRIVED
    }

    /** Per owner: its shared case, and the bodies (and so eventIds) of its PRE_ALERTED and ARRIVED. */
    private static final Map<Owner, String> CASES = new ConcurrentHashMap<>();

    private static final Map<Owner, Map<String, Object>> PRE_ALERTS = new ConcurrentHashMap<>();
    private static final Map<Owner, Map<String, Object>> ARRIVALS = new ConcurrentHashMap<>();
    /** Per owner: a case that is only pre-alerted, for the submissions that must be refused. */
    private static final Map<Owner, String> PRE_ALERTED_ONLY = new ConcurrentHashMap<>();

    private static int row;

    /** Whose case may this organisation read and act on (the organisation half of the rules). */
    static boolean ownOrganisation(Who who, Owner owner) {
        return switch (who.role()) {
            case "OFFICER" -> who.org().equals(owner.division());
            case "ED_STAFF" -> who.org().equals(owner.site());
            case "SUPERVISOR" -> who.org().equals(owner.site()) || who.org().equals(owner.division());
            default -> false;
        };
    }

    static boolean expectedAllowed(Who who, Owner owner, Action action) {
        boolean admin = who.role().equals("ADMIN");
        return switch (action) {
            case READ_CASE, READ_VERDICT -> admin || ownOrganisation(who, owner);
            case LIST_SITE ->
                admin
                        || (Set.of("ED_STAFF", "SUPERVISOR").contains(who.role())
                                && who.org().equals(owner.site()));
            case LIST_DIVISION ->
                admin
                        || (Set.of("OFFICER", "SUPERVISOR").contains(who.role())
                                && who.org().equals(owner.division()));
            case SUBMIT_CLEARED -> mayAct(who, owner, "CLEARED");
            case SUBMIT_ACKNOWLEDGED -> mayAct(who, owner, "ACKNOWLEDGED");
            case SUBMIT_CORRECTED -> mayAct(who, owner, "CORRECTED");
            case REPLAY_PRE_ALERTED -> mayAct(who, owner, "PRE_ALERTED");
            case REPLAY_ARRIVED -> mayAct(who, owner, "ARRIVED");
        };
    }

    private static boolean mayAct(Who who, Owner owner, String type) {
        return MAY_SEND.get(who.role()).contains(type) && ownOrganisation(who, owner);
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Owner owner : List.of(A, B)) {
            for (Who who : CALLERS) {
                for (Action action : Action.values()) {
                    rows.add(Arguments.of(who, action, owner, expectedAllowed(who, owner, action)));
                }
            }
        }
        return rows.stream();
    }

    @BeforeEach
    void twoCasesWithAnArrival() throws Exception {
        synchronized (CaseOwnerMatrixIT.class) {
            for (Owner owner : List.of(A, B)) {
                if (CASES.containsKey(owner)) {
                    continue;
                }
                String caseId = TestData.id();
                Map<String, Object> preAlert =
                        body(TestData.id(), "PRE_ALERTED", Instant.now().minusSeconds(600), "siteCode", owner.site());
                assertThat(submitAs("opener-" + owner.division(), "OFFICER", owner.division(), caseId, preAlert)
                                .getResponse()
                                .getStatus())
                        .isEqualTo(201);
                Map<String, Object> arrival =
                        body(TestData.id(), "ARRIVED", Instant.now().minusSeconds(300));
                MvcResult arrived = submitAs("arriver-" + owner.site(), "ED_STAFF", owner.site(), caseId, arrival);
                assertThat(arrived.getResponse().getStatus())
                        .as(arrived.getResponse().getContentAsString())
                        .isEqualTo(201);
                PRE_ALERTS.put(owner, preAlert);
                ARRIVALS.put(owner, arrival);
                CASES.put(owner, caseId);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} on the {2}: allowed={3}")
    @MethodSource("matrix")
    @Execution(ExecutionMode.CONCURRENT) // each row its own user; a row that may change a case gets its own
    void givenACallerAndACaseOwner_whenActing_thenTheRulesDecideAndRefusalsNameNoCaseFact(
            Who who, Action action, Owner owner, boolean allowed) throws Exception {
        String user = user(who);
        String caseId = CASES.get(owner);

        MvcResult result = switch (action) {
            case READ_CASE -> getAs(user, who.role(), who.org(), "/api/v1/handovers/{id}", caseId);
            case READ_VERDICT ->
                getAs(
                        user,
                        who.role(),
                        who.org(),
                        "/api/v1/handovers/{id}/events/{e}",
                        caseId,
                        ARRIVALS.get(owner).get("eventId"));
            case LIST_SITE -> getAs(user, who.role(), who.org(), "/api/v1/handovers?siteCode={s}", owner.site());
            case LIST_DIVISION ->
                getAs(user, who.role(), who.org(), "/api/v1/handovers?division={d}", owner.division());
            case SUBMIT_CLEARED -> submitOnAPreAlertedCase(who, user, owner, "CLEARED", allowed);
            case SUBMIT_ACKNOWLEDGED -> submitOnAPreAlertedCase(who, user, owner, "ACKNOWLEDGED", allowed);
            case SUBMIT_CORRECTED -> submitOnAPreAlertedCase(who, user, owner, "CORRECTED", allowed);
            case REPLAY_PRE_ALERTED -> submitAs(user, who.role(), who.org(), caseId, PRE_ALERTS.get(owner));
            case REPLAY_ARRIVED -> submitAs(user, who.role(), who.org(), caseId, ARRIVALS.get(owner));
        };

        int status = result.getResponse().getStatus();
        String answer = result.getResponse().getContentAsString();
        if (allowed) {
            List<Integer> expected =
                    action.name().startsWith("SUBMIT") || action.name().startsWith("REPLAY")
                            ? List.of(200, 201, 202, 409, 422)
                            : List.of(200);
            assertThat(status).as(answer).isIn(expected);
            return;
        }
        List<Problems.Rule> rules = Problems.rules(result, 403, json);
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).rule()).isIn("NOT_PERMITTED", "WRONG_SITE", "role", "not-permitted");
        if (action != Action.LIST_SITE && action != Action.LIST_DIVISION) {
            assertNamesNoFactOf(owner, who, answer);
        }
    }

    @Test
    void givenAVoidCase_whenAnOfficerOfAnotherDivisionSubmits_then403NotTheVoidingOfTheCase() throws Exception {
        String caseId = TestData.id();
        openCase(caseId, "QEUH"); // division G
        MvcResult voided = submitAs(
                "sup-" + TestData.id().substring(0, 8),
                "SUPERVISOR",
                "QEUH",
                caseId,
                body(TestData.id(), "ENTERED_IN_ERROR", Instant.now().minusSeconds(10), "reason", "opened twice"));
        assertThat(voided.getResponse().getStatus())
                .as(voided.getResponse().getContentAsString())
                .isEqualTo(201);

        MvcResult own = submitAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "CLEARED", Instant.now()));
        MvcResult other = submitAs(
                "pc-e-" + TestData.id().substring(0, 8),
                "OFFICER",
                "E",
                caseId,
                body(TestData.id(), "CLEARED", Instant.now()));

        // the case's own division is told why (CASE_VOID); another division only that it may not act on it
        assertThat(Problems.rules(own, 409, json))
                .extracting(Problems.Rule::rule)
                .containsExactly("CASE_VOID");
        assertThat(Problems.rules(other, 403, json))
                .extracting(Problems.Rule::rule)
                .containsExactly("NOT_PERMITTED");
        assertNamesNoFactOf(A, new Who("OFFICER", "E"), other.getResponse().getContentAsString());
        assertThat(other.getResponse().getContentAsString()).doesNotContain("entered in error");
    }

    @Test
    void givenATrustedTokenWhoseOrgDoesNotFitItsRole_whenUsed_then401ProblemThatEchoesNoClaim() throws Exception {
        // signed by the trusted key: an ED_STAFF token naming police division G, an OFFICER of an unknown division
        for (String[] claims : List.of(new String[] {"ED_STAFF", "G"}, new String[] {"OFFICER", "ZZ9"})) {
            MvcResult result = getAs("misfit-1", claims[0], claims[1], "/api/v1/handovers/{id}", CASES.get(A));

            assertThat(Problems.rules(result, 401, json))
                    .containsExactly(new Problems.Rule("Authorization", "bearer-token"));
            assertThat(result.getResponse().getContentAsString())
                    .contains("does not fit its role")
                    .doesNotContain("misfit-1")
                    .doesNotContain("ZZ9")
                    .doesNotContainPattern(Pattern.compile("\\bG\\b"));
        }
    }

    /** The answer names neither the case's site nor its division (unless it is the caller's own), nor any verdict. */
    private static void assertNamesNoFactOf(Owner owner, Who who, String answer) {
        if (!who.org().equals(owner.site())) {
            assertThat(answer).doesNotContain(owner.site());
        }
        if (!who.org().equals(owner.division())) {
            assertThat(answer).doesNotContainPattern(Pattern.compile("\\b" + owner.division() + "\\b"));
        }
        assertThat(answer)
                .doesNotContain(
                        "APPLIED",
                        "DUPLICATE",
                        "HELD",
                        "sequence",
                        "originalEventId",
                        "EVENT_ID_REUSED",
                        "CASE_VOID",
                        "CASE_MISMATCH",
                        "INVALID_TRANSITION");
    }

    /** A new case of the owner (opened by its division's officer), then the caller's submission on it. */
    /**
     * Submits {@code type} on a case of {@code owner} that is only pre-alerted: a case of its own for a row that may be
     * allowed (an applied submission changes its case), the owner's one shared pre-alerted case for a row that must be
     * refused. The processor judges authority before details and times, and a refusal leaves the case as it was (a
     * refusal wrongly applied fails its own row), so a refused row sees the same case a fresh one would be.
     */
    private MvcResult submitOnAPreAlertedCase(Who who, String user, Owner owner, String type, boolean allowed)
            throws Exception {
        String caseId;
        if (allowed) {
            caseId = openPreAlerted(user, owner);
        } else {
            synchronized (CaseOwnerMatrixIT.class) {
                caseId = PRE_ALERTED_ONLY.get(owner);
                if (caseId == null) {
                    caseId = openPreAlerted(user, owner);
                    PRE_ALERTED_ONLY.put(owner, caseId);
                }
            }
        }
        Instant now = Instant.now().minusSeconds(5);
        Map<String, Object> body = type.equals("CORRECTED")
                ? body(
                        TestData.id(),
                        type,
                        now,
                        "correctedPoint",
                        "PRE_ALERTED",
                        "correctedTo",
                        now.minusSeconds(180).toString(),
                        "reason",
                        "time entered late")
                : body(TestData.id(), type, now);
        return submitAs(user, who.role(), who.org(), caseId, body);
    }

    /** A new case of the owner, pre-alerted by its division's officer: the processor's 201. */
    private String openPreAlerted(String user, Owner owner) throws Exception {
        String caseId = TestData.id();
        MvcResult opened = submitAs(
                "opener-" + user,
                "OFFICER",
                owner.division(),
                caseId,
                body(TestData.id(), "PRE_ALERTED", Instant.now().minusSeconds(120), "siteCode", owner.site()));
        assertThat(opened.getResponse().getStatus()).isEqualTo(201);
        return caseId;
    }

    /** A user id per row: the per-user rate limit must not couple rows. */
    private static synchronized String user(Who who) {
        return who.role().toLowerCase() + "-m" + (++row);
    }
}
