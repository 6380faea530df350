package uk.transferofcare.api.handover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.Problems;
import uk.transferofcare.api.support.TestData;

/**
 * Relief and mistakes through the public API and the real processor: a supervisor of the owning division hands a case
 * to another division (whose officers then act on it and read it, and the old division's do not), corrects its site,
 * ED staff record the s136 extension, which moves the legal deadline shown in the case view, and ED staff undo their
 * own last board action (ACTION_UNDONE).
 */
@HandoverApiIntegrationTest
class ReliefIT extends ApiTestSupport {

    private String user(String prefix) {
        return prefix + "-" + TestData.id().substring(0, 8);
    }

    private JsonNode caseAs(String user, String role, String org, String caseId, long version) {
        return Awaitility.await("case " + caseId + " at version " + version)
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> read(getAs(user, role, org, "/api/v1/handovers/{c}", caseId)),
                        view -> view.has("version") && view.get("version").longValue() >= version);
    }

    @Test
    void givenACaseOfDivisionG_whenItsSupervisorTransfersItToE_thenOnlyDivisionEActsOnItAndReadsIt() throws Exception {
        String caseId = TestData.id();
        openCase(caseId, "QEUH");
        String sergeantG = user("sgt-g");
        String sergeantE = user("sgt-e");
        String officerE = user("pc-e");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        MvcResult foreign = submitAs(
                sergeantE,
                "SUPERVISOR",
                "E",
                caseId,
                body(TestData.id(), "DIVISION_TRANSFERRED", now, "policeDivision", "E", "reason", "taking it"));
        MvcResult unknownDivision = submitAs(
                sergeantG,
                "SUPERVISOR",
                "G",
                caseId,
                body(TestData.id(), "DIVISION_TRANSFERRED", now, "policeDivision", "ZZ", "reason", "shift change"));
        String transferId = TestData.id();
        MvcResult transferred = submitAs(
                sergeantG,
                "SUPERVISOR",
                "G",
                caseId,
                body(transferId, "DIVISION_TRANSFERRED", now, "policeDivision", "E", "reason", "shift change"));

        assertThat(Problems.rules(foreign, 403, json)).containsExactly(new Problems.Rule("caseId", "NOT_PERMITTED"));
        assertThat(Problems.rules(unknownDivision, 400, json))
                .containsExactly(new Problems.Rule("policeDivision", "known-division"));
        assertThat(transferred.getResponse().getStatus())
                .as(transferred.getResponse().getContentAsString())
                .isEqualTo(201);
        assertThat(read(transferred).get("status").stringValue()).isEqualTo("APPLIED");

        JsonNode view = caseAs(officerE, "OFFICER", "E", caseId, 2);
        assertThat(view.get("policeDivision").stringValue()).isEqualTo("E");
        JsonNode transfer = view.get("divisionTransfers").get(0);
        assertThat(List.of(
                        transfer.get("eventId").stringValue(),
                        transfer.get("fromDivision").stringValue(),
                        transfer.get("toDivision").stringValue(),
                        transfer.get("at").stringValue(),
                        transfer.get("reason").stringValue(),
                        transfer.get("recordedBy").get("org").stringValue()))
                .containsExactly(transferId, "G", "E", now.toString(), "shift change", "G");
        assertThat(getAs(pc, "OFFICER", "G", "/api/v1/handovers/{c}", caseId)
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);

        MvcResult clearedByG = submitAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "CLEARED", Instant.now()));
        MvcResult clearedByE =
                submitAs(officerE, "OFFICER", "E", caseId, body(TestData.id(), "CLEARED", Instant.now()));

        assertThat(Problems.rules(clearedByG, 403, json)).containsExactly(new Problems.Rule("caseId", "NOT_PERMITTED"));
        assertThat(clearedByE.getResponse().getStatus())
                .as(clearedByE.getResponse().getContentAsString())
                .isEqualTo(201);

        // The sergeant's client sends the transfer again (a retry, an offline queue): the case is E's now, but the
        // standing verdict is the sergeant's own, so the answer is the first one, not a refusal. Another user of G
        // sending the same eventId and body still gets the refusal any organisation that may not act gets.
        Map<String, Object> sameTransfer =
                body(transferId, "DIVISION_TRANSFERRED", now, "policeDivision", "E", "reason", "shift change");
        long sequence = read(transferred).get("sequence").longValue();
        Awaitility.await("the sergeant's re-send answered with their own verdict")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    MvcResult again = submitAs(sergeantG, "SUPERVISOR", "G", caseId, sameTransfer);
                    assertThat(again.getResponse().getStatus())
                            .as(again.getResponse().getContentAsString())
                            .isEqualTo(201);
                    assertThat(read(again).get("status").stringValue()).isEqualTo("APPLIED");
                    assertThat(read(again).get("sequence").longValue()).isEqualTo(sequence);
                });
        MvcResult someoneElse = submitAs(user("sgt-g-other"), "SUPERVISOR", "G", caseId, sameTransfer);
        assertThat(Problems.rules(someoneElse, 403, json))
                .containsExactly(new Problems.Rule("caseId", "NOT_PERMITTED"));
    }

    /**
     * A nurse acknowledges and undoes it: another nurse's undo is refused (403 UNDO_NOT_OWN naming undoneEventId), the
     * author's is applied (201), the case waits again and its view shows the withdrawal; the same undo re-sent is the
     * standing verdict, and another undo of the same point is a duplicate. The handover the nurse then accepts and
     * undoes leaves the case not handed over (no handedOverAt, no handover time).
     */
    @Test
    void givenMyAcknowledgement_whenIUndoIt_thenTheCaseWaitsAgainAndItsViewShowsTheWithdrawal() throws Exception {
        String caseId = TestData.id();
        openCase(caseId, "QEUH");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        submitPatientlyAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "ARRIVED", now.minusSeconds(30)));
        String acknowledgement = TestData.id();
        MvcResult acknowledged = submitPatientlyAs(
                nurse, "ED_STAFF", "QEUH", caseId, body(acknowledgement, "ACKNOWLEDGED", now.minusSeconds(20)));
        assertThat(acknowledged.getResponse().getStatus()).isEqualTo(201);

        MvcResult byAnother = submitPatientlyAs(
                user("nurse-other"),
                "ED_STAFF",
                "QEUH",
                caseId,
                body(TestData.id(), "ACTION_UNDONE", now, "undoneEventId", acknowledgement));
        String undoId = TestData.id();
        Map<String, Object> undo = body(undoId, "ACTION_UNDONE", now, "undoneEventId", acknowledgement);
        MvcResult undone = submitPatientlyAs(nurse, "ED_STAFF", "QEUH", caseId, undo);
        MvcResult resent = submitPatientlyAs(nurse, "ED_STAFF", "QEUH", caseId, undo);
        MvcResult again = submitPatientlyAs(
                nurse,
                "ED_STAFF",
                "QEUH",
                caseId,
                body(TestData.id(), "ACTION_UNDONE", now, "undoneEventId", acknowledgement));

        assertThat(Problems.rules(byAnother, 403, json))
                .containsExactly(new Problems.Rule("undoneEventId", "UNDO_NOT_OWN"));
        assertThat(undone.getResponse().getStatus())
                .as(undone.getResponse().getContentAsString())
                .isEqualTo(201);
        assertThat(resent.getResponse().getStatus()).isIn(200, 201);
        assertThat(again.getResponse().getStatus())
                .as(again.getResponse().getContentAsString())
                .isEqualTo(200);
        JsonNode view = caseAs(nurse, "ED_STAFF", "QEUH", caseId, 4);
        assertThat(view.get("state").stringValue()).isEqualTo("ARRIVED");
        assertThat(view.at("/points/acknowledgedAt").isNull()).isTrue();
        JsonNode withdrawal = view.get("corrections").get(0);
        assertThat(List.of(
                        withdrawal.get("eventId").stringValue(),
                        withdrawal.get("point").stringValue(),
                        withdrawal.get("from").stringValue(),
                        withdrawal.get("to").stringValue(),
                        withdrawal.get("reason").stringValue(),
                        withdrawal.at("/recordedBy/userId").stringValue()))
                .containsExactly(
                        undoId,
                        "ACKNOWLEDGED",
                        now.minusSeconds(20).toString(),
                        now.minusSeconds(20).toString(),
                        "undone by its author",
                        nurse);
        assertThat(withdrawal.get("withdrawn").booleanValue()).isTrue();

        String handover = TestData.id();
        submitPatientlyAs(nurse, "ED_STAFF", "QEUH", caseId, body(handover, "HANDED_OVER", now.minusSeconds(10)));
        MvcResult handoverUndone = submitPatientlyAs(
                nurse,
                "ED_STAFF",
                "QEUH",
                caseId,
                body(TestData.id(), "ACTION_UNDONE", Instant.now(), "undoneEventId", handover));
        assertThat(handoverUndone.getResponse().getStatus())
                .as(handoverUndone.getResponse().getContentAsString())
                .isEqualTo(201);
        JsonNode afterHandover = caseAs(nurse, "ED_STAFF", "QEUH", caseId, 6);
        assertThat(afterHandover.get("state").stringValue()).isEqualTo("ARRIVED");
        assertThat(afterHandover.at("/points/handedOverAt").isNull()).isTrue();
        assertThat(afterHandover.at("/points/acknowledgedAt").isNull())
                .as("the acknowledgement the handover implied goes with it")
                .isTrue();
        assertThat(afterHandover.at("/intervals/handoverSeconds").isNull()).isTrue();
        assertThat(afterHandover.get("corrections")).hasSize(2);
    }

    @Test
    void givenAClosedCase_whenTheDivisionsSupervisorCorrectsItsSite_thenTheViewShowsTheCorrectedSiteAndTheCorrection()
            throws Exception {
        String caseId = TestData.id();
        openCase(caseId, "QEUH");
        String sergeantG = user("sgt-g");
        submitAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "CANCELLED", Instant.now(), "reason", "stood down"));
        String correctionId = TestData.id();

        MvcResult bySite = submitAs(
                user("cn-qeuh"),
                "SUPERVISOR",
                "QEUH",
                caseId,
                body(TestData.id(), "CORRECTED", Instant.now(), "correctedSiteCode", "RIE", "reason", "wrong site"));
        MvcResult twoAtOnce = submitAs(
                sergeantG,
                "SUPERVISOR",
                "G",
                caseId,
                body(
                        TestData.id(),
                        "CORRECTED",
                        Instant.now(),
                        "correctedSiteCode",
                        "RIE",
                        "correctedLegalBasis",
                        "S136",
                        "reason",
                        "wrong site"));
        MvcResult corrected = submitAs(
                sergeantG,
                "SUPERVISOR",
                "G",
                caseId,
                body(correctionId, "CORRECTED", Instant.now(), "correctedSiteCode", "RIE", "reason", "wrong site"));

        assertThat(Problems.rules(bySite, 403, json)).containsExactly(new Problems.Rule("caseId", "NOT_PERMITTED"));
        assertThat(Problems.rules(twoAtOnce, 400, json))
                .containsExactly(new Problems.Rule("correctedSiteCode", "one-correction"));
        assertThat(corrected.getResponse().getStatus())
                .as(corrected.getResponse().getContentAsString())
                .isEqualTo(201);
        JsonNode view = caseAs(sergeantG, "SUPERVISOR", "G", caseId, 3);
        assertThat(view.get("siteCode").stringValue()).isEqualTo("RIE");
        JsonNode correction = view.get("fieldCorrections").get(0);
        assertThat(List.of(
                        correction.get("eventId").stringValue(),
                        correction.get("field").stringValue(),
                        correction.get("from").stringValue(),
                        correction.get("to").stringValue(),
                        correction.get("reason").stringValue()))
                .containsExactly(correctionId, "SITE_CODE", "QEUH", "RIE", "wrong site");
        assertThat(view.get("dataQuality").get("corrections").intValue()).isEqualTo(1);
    }

    /**
     * Hand-computed: one s136 case on a day of its own, arrived at 10:00 and cleared 30 h later, extended at 20 h, its
     * site corrected from QEUH to RIE after clearance. Without the extension its deadline (24 h) would be breached;
     * with it (36 h) it is not. So the day's report by site has one group, RIE, with 1 case, 1 over 12 h and no breach.
     */
    @Test
    void givenAnExtendedCaseWhoseSiteWasCorrected_whenReportedBySite_thenItCountsAtTheCorrectedSiteWithoutBreach()
            throws Exception {
        String caseId = TestData.id();
        java.time.LocalDate day = java.time.LocalDate.of(2003, 1, 1)
                .plusDays(java.util.concurrent.ThreadLocalRandom.current().nextInt(3000));
        Instant arrived = day.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
        String sergeantG = user("sgt-g");
        List<MvcResult> answers = List.of(
                submitAs(
                        pc,
                        "OFFICER",
                        "G",
                        caseId,
                        body(
                                TestData.id(),
                                "ARRIVED",
                                arrived,
                                "siteCode",
                                "QEUH",
                                "legalBasis",
                                "S136",
                                "officerCount",
                                1)),
                submitAs(
                        nurse,
                        "ED_STAFF",
                        "QEUH",
                        caseId,
                        body(TestData.id(), "LEGAL_CLOCK_EXTENDED", arrived.plus(Duration.ofHours(20)))),
                submitAs(
                        pc, "OFFICER", "G", caseId, body(TestData.id(), "CLEARED", arrived.plus(Duration.ofHours(30)))),
                submitAs(
                        sergeantG,
                        "SUPERVISOR",
                        "G",
                        caseId,
                        body(
                                TestData.id(),
                                "CORRECTED",
                                Instant.now(),
                                "correctedSiteCode",
                                "RIE",
                                "reason",
                                "wrong site")));
        assertThat(answers)
                .allSatisfy(answer -> assertThat(answer.getResponse().getStatus())
                        .as(answer.getResponse().getContentAsString())
                        .isEqualTo(201));
        String query = "from=" + day + "&to=" + day.plusDays(1) + "&groupBy=site";

        JsonNode groups = Awaitility.await("the corrected case in the report")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> read(getAs("analyst-1", "ANALYST", "PHS", "/api/v1/reports/handover-times?" + query))
                                .path("groups"),
                        g -> g.size() == 1 && g.path(0).path("key").asString("").equals("RIE"));
        MvcResult csv = mvc.perform(tokens.as(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(
                                        "/api/v1/reports/handover-times?" + query)
                                .header("Accept", "text/csv"),
                        "analyst-1",
                        "ANALYST",
                        "PHS"))
                .andReturn();

        JsonNode rie = groups.get(0);
        assertThat(List.of(
                        rie.get("cases").intValue(),
                        rie.get("over12h").intValue(),
                        rie.get("legalClockBreaches").intValue()))
                .containsExactly(1, 1, 0);
        List<String> lines = csv.getResponse().getContentAsString().lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        List<String> row = List.of(lines.get(1).split(","));
        assertThat(lines).hasSize(2);
        assertThat(List.of(
                        row.get(header.indexOf("cases")),
                        row.get(header.indexOf("over12h")),
                        row.get(header.indexOf("legalClockBreaches"))))
                .containsExactly("1", "1", "0");
        assertThat(row).contains("RIE");
    }

    @Test
    void givenAnS136Case_whenEdStaffRecordTheExtension_thenTheDeadlineMovesTwelveHoursOnceOnly() throws Exception {
        String caseId = TestData.id();
        Instant arrived = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        MvcResult opened = submitAs(
                pc,
                "OFFICER",
                "G",
                caseId,
                body(TestData.id(), "ARRIVED", arrived, "siteCode", "QEUH", "legalBasis", "S136"));
        assertThat(opened.getResponse().getStatus()).isEqualTo(201);
        Instant extendedAt = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);

        MvcResult byOfficer =
                submitAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "LEGAL_CLOCK_EXTENDED", extendedAt));
        MvcResult extended = submitAs(
                nurse,
                "ED_STAFF",
                "QEUH",
                caseId,
                body(TestData.id(), "LEGAL_CLOCK_EXTENDED", extendedAt, "reason", "authorised by the RMP"));
        MvcResult again =
                submitAs(nurse, "ED_STAFF", "QEUH", caseId, body(TestData.id(), "LEGAL_CLOCK_EXTENDED", Instant.now()));

        assertThat(Problems.rules(byOfficer, 403, json))
                .extracting(Problems.Rule::field)
                .containsExactly("type");
        assertThat(extended.getResponse().getStatus())
                .as(extended.getResponse().getContentAsString())
                .isEqualTo(201);
        assertThat(Problems.rules(again, 409, json)).containsExactly(new Problems.Rule("type", "INVALID_TRANSITION"));
        JsonNode clock = caseAs(nurse, "ED_STAFF", "QEUH", caseId, 2).get("legalClock");
        assertThat(List.of(
                        clock.get("startsAt").stringValue(),
                        clock.get("deadline").stringValue(),
                        clock.get("deadlineBeforeExtension").stringValue(),
                        clock.get("extendedAt").stringValue(),
                        clock.get("extendedBy").get("userId").stringValue()))
                .containsExactly(
                        arrived.toString(),
                        arrived.plus(Duration.ofHours(36)).toString(),
                        arrived.plus(Duration.ofHours(24)).toString(),
                        extendedAt.toString(),
                        nurse);
    }
}
