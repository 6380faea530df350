package uk.transferofcare.api.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.Problems;
import uk.transferofcare.api.support.Problems.Rule;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.Topics;

/** POST /api/v1/handovers/{caseId}/events: every answer and every error of the contract. */
@HandoverApiIntegrationTest
class SubmissionContractIT extends ApiTestSupport {

    @LocalServerPort
    int port;

    @Test
    void givenAnOfficer_whenPreAlertSubmitted_then201WithTheProcessorsVerdictAndTheRecordIsInKafka() throws Exception {
        String caseId = TestData.id();
        String eventId = TestData.id();
        Instant occurredAt = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> body = body(
                eventId,
                "PRE_ALERTED",
                occurredAt,
                "siteCode",
                "QEUH",
                "legalBasis",
                "S297",
                "removedAt",
                occurredAt.minusSeconds(600).toString(),
                "eta",
                occurredAt.plusSeconds(900).toString(),
                "officerCount",
                2,
                "localReference",
                "PS-20261125-0042",
                "note",
                "calm, cooperative",
                "source",
                Map.of("channel", "OFFICER_APP", "deviceId", "phone-7", "queuedOffline", true));

        MvcResult result = submitAs(pc, "OFFICER", "G", caseId, body);

        assertThat(result.getResponse().getStatus()).isEqualTo(201);
        String location = "/api/v1/handovers/" + caseId + "/events/" + eventId;
        assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo(location);
        assertThat(json.readValue(result.getResponse().getContentAsString(), Map.class))
                .isEqualTo(Map.of(
                        "eventId",
                        eventId,
                        "caseId",
                        caseId,
                        "type",
                        "PRE_ALERTED",
                        "status",
                        "APPLIED",
                        "sequence",
                        1,
                        "statusUrl",
                        location));
        ConsumerRecord<String, HandoverSubmission> record = kafka
                .readUntil(
                        Topics.SUBMISSIONS.name(),
                        HandoverSubmission.class,
                        records -> records.stream()
                                .anyMatch(r -> r.value().getEventId().equals(eventId)),
                        Duration.ofSeconds(10))
                .stream()
                .filter(r -> r.value().getEventId().equals(eventId))
                .findFirst()
                .orElseThrow();
        HandoverSubmission written = record.value();
        assertThat(record.headers().lastHeader("toc-request-id")).isNotNull();
        assertThat(written.getReceivedAt()).isBetween(before, Instant.now());
        assertThat(written)
                .isEqualTo(HandoverSubmission.newBuilder()
                        .setEventId(eventId)
                        .setCaseId(caseId)
                        .setType(EventType.PRE_ALERTED)
                        .setOccurredAt(occurredAt)
                        .setReceivedAt(written.getReceivedAt())
                        .setActor(new Actor(pc, ActorRole.OFFICER, "G"))
                        .setSource(new Source(SourceChannel.OFFICER_APP, "phone-7", true))
                        .setDetails(SubmissionDetails.newBuilder()
                                .setSiteCode("QEUH")
                                .setLegalBasis(LegalBasis.S297)
                                .setRemovedAt(occurredAt.minusSeconds(600))
                                .setEta(occurredAt.plusSeconds(900))
                                .setOfficerCount(2)
                                .setLocalReference("PS-20261125-0042")
                                .setNote("calm, cooperative")
                                .build())
                        .build());
        JsonNode status = read(getAs(pc, "OFFICER", "G", location));
        assertThat(status.get("status").stringValue()).isEqualTo("APPLIED");
        assertThat(status.get("sequence").longValue()).isEqualTo(1L);
    }

    @Test
    void givenTheSameEventIdThreeTimes_whenSubmitted_thenEveryAnswerIsTheFirstAndTheCaseRecordsItOnce()
            throws Exception {
        String caseId = TestData.id();
        String eventId = TestData.id();
        Map<String, Object> body =
                body(eventId, "ARRIVED", Instant.now().minusSeconds(5), "siteCode", "GRI", "officerCount", 1);

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MvcResult result = submitAs(pc, "OFFICER", "G", caseId, body);
            answers.add(result.getResponse().getStatus() + " "
                    + result.getResponse().getHeader(HttpHeaders.LOCATION) + " "
                    + result.getResponse().getContentAsString());
        }

        assertThat(answers).hasSize(3).containsOnly(answers.get(0));
        assertThat(answers.get(0)).startsWith("201 /api/v1/handovers/" + caseId + "/events/" + eventId);
        org.awaitility.Awaitility.await("both re-sends counted on the status")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                read(getAs(pc, "OFFICER", "G", "/api/v1/handovers/{c}/events/{e}", caseId, eventId))
                                        .get("resends")
                                        .intValue())
                        .isEqualTo(2));
        JsonNode view = read(getAs(pc, "OFFICER", "G", "/api/v1/handovers/{c}", caseId));
        assertThat(view.get("version").longValue()).isEqualTo(1L);
    }

    @Test
    void givenAnAcceptedEventId_whenReusedForAnotherBody_then409EventIdReusedAndTheFirstStands() throws Exception {
        String caseId = TestData.id();
        String eventId = TestData.id();
        Instant at = Instant.now().minusSeconds(30);
        submitAs(pc, "OFFICER", "G", caseId, body(eventId, "PRE_ALERTED", at, "siteCode", "QEUH"));

        MvcResult result = submitAs(
                pc, "OFFICER", "G", caseId, body(eventId, "PRE_ALERTED", at.plusSeconds(1), "siteCode", "QEUH"));

        assertThat(Problems.rules(result, 409, json)).containsExactly(new Rule("eventId", "EVENT_ID_REUSED"));
        JsonNode problem = read(result);
        assertThat(problem.get("rule").stringValue()).isEqualTo("EVENT_ID_REUSED");
        assertThat(problem.get("statusUrl").stringValue()).endsWith(eventId);
        JsonNode status = read(getAs(pc, "OFFICER", "G", "/api/v1/handovers/{c}/events/{e}", caseId, eventId));
        assertThat(status.get("status").stringValue()).isEqualTo("APPLIED");
    }

    static Stream<Arguments> invalidBodies() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of(
                        Map.of("type", "ARRIVED", "occurredAt", now.toString()),
                        List.of(new Rule("eventId", "required"))),
                Arguments.of(body("not-a-uuid", "ARRIVED", now), List.of(new Rule("eventId", "uuid"))),
                Arguments.of(body(TestData.id(), "LANDED", now), List.of(new Rule("type", "enum"))),
                Arguments.of(body(TestData.id(), "ESCALATED", now), List.of(new Rule("type", "processor-only"))),
                Arguments.of(
                        bodyWith(body(TestData.id(), "ARRIVED", now), "occurredAt", "yesterday"),
                        List.of(new Rule("occurredAt", "instant"))),
                Arguments.of(body(TestData.id(), "PRE_ALERTED", now), List.of(new Rule("siteCode", "required"))),
                Arguments.of(
                        body(TestData.id(), "PRE_ALERTED", now, "siteCode", "XYZ"),
                        List.of(new Rule("siteCode", "known-site"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "legalBasis", "S999"),
                        List.of(new Rule("legalBasis", "enum"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "officerCount", 21),
                        List.of(new Rule("officerCount", "range"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "officerCount", "two"),
                        List.of(new Rule("officerCount", "type"))),
                Arguments.of(
                        body(TestData.id(), "DIVERTED", now), List.of(new Rule("destinationSiteCode", "required"))),
                Arguments.of(
                        body(TestData.id(), "CORRECTED", now),
                        List.of(new Rule("correctedPoint", "required"), new Rule("reason", "required"))),
                Arguments.of(
                        body(TestData.id(), "CORRECTED", now, "correctedPoint", "ARRIVED", "reason", "typo"),
                        List.of(new Rule("correctedTo", "required"))),
                Arguments.of(
                        body(
                                TestData.id(),
                                "CORRECTED",
                                now,
                                "correctedDivision",
                                "G",
                                "correctedTo",
                                now.toString(),
                                "reason",
                                "typo"),
                        List.of(new Rule("correctedTo", "not-allowed-for-type"))),
                Arguments.of(
                        body(TestData.id(), "CORRECTED", now, "correctedSiteCode", "NOWHERE", "reason", "typo"),
                        List.of(new Rule("correctedSiteCode", "known-site"))),
                Arguments.of(
                        body(TestData.id(), "CORRECTED", now, "correctedLegalBasis", "S999", "reason", "typo"),
                        List.of(new Rule("correctedLegalBasis", "enum"))),
                Arguments.of(
                        body(TestData.id(), "DIVISION_TRANSFERRED", now),
                        List.of(new Rule("policeDivision", "required"), new Rule("reason", "required"))),
                Arguments.of(
                        body(TestData.id(), "LEGAL_CLOCK_EXTENDED", now, "correctedPoint", "ARRIVED"),
                        List.of(new Rule("correctedPoint", "not-allowed-for-type"))),
                Arguments.of(
                        body(
                                TestData.id(),
                                "CORRECTED",
                                now,
                                "correctedPoint",
                                "LUNCH",
                                "correctedTo",
                                now.toString(),
                                "reason",
                                "typo"),
                        List.of(new Rule("correctedPoint", "enum"))),
                Arguments.of(body(TestData.id(), "ENTERED_IN_ERROR", now), List.of(new Rule("reason", "required"))),
                Arguments.of(body(TestData.id(), "CLOSED_NOT_RECORDED", now), List.of(new Rule("reason", "required"))),
                Arguments.of(body(TestData.id(), "ACTION_UNDONE", now), List.of(new Rule("undoneEventId", "required"))),
                Arguments.of(
                        body(TestData.id(), "ACTION_UNDONE", now, "undoneEventId", "the last one"),
                        List.of(new Rule("undoneEventId", "uuid"))),
                Arguments.of(
                        body(TestData.id(), "ACKNOWLEDGED", now, "undoneEventId", TestData.id()),
                        List.of(new Rule("undoneEventId", "not-allowed-for-type"))),
                Arguments.of(
                        body(TestData.id(), "CANCELLED", now, "reason", "x".repeat(201)),
                        List.of(new Rule("reason", "max-length"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "note", "DOB 01/02/1990"),
                        List.of(new Rule("note", "no-personal-data"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "note", "lives at G12 8QQ"),
                        List.of(new Rule("note", "no-personal-data"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "note", "mum on 07700 900123"),
                        List.of(new Rule("note", "no-personal-data"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "note", "CHI 0101901234"),
                        List.of(new Rule("note", "no-personal-data"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "note", "gp is dr.who@nhs.scot"),
                        List.of(new Rule("note", "no-personal-data"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "localReference", "ref with spaces"),
                        List.of(new Rule("localReference", "pattern"))),
                Arguments.of(
                        body(TestData.id(), "ACKNOWLEDGED", now, "siteCode", "QEUH"),
                        List.of(new Rule("siteCode", "not-allowed-for-type"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "officercount", 2),
                        List.of(new Rule("officercount", "unknown-field"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "source", Map.of("channel", "PROCESSOR")),
                        List.of(new Rule("source.channel", "enum"))),
                Arguments.of(
                        body(
                                TestData.id(),
                                "DIVERTED",
                                now,
                                "destinationSiteCode",
                                "RIE",
                                "linkedCaseId",
                                TestData.id()),
                        List.of(new Rule("linkedCaseId", "chosen-by-processor"))),
                Arguments.of(
                        body(TestData.id(), "ARRIVED", now, "policeDivision", "Z9"),
                        List.of(new Rule("policeDivision", "known-division"))),
                Arguments.of(
                        body(TestData.id(), "ACKNOWLEDGED", now, "policeDivision", "G"),
                        List.of(new Rule("policeDivision", "not-allowed-for-type"))),
                // Issue 13: what happened to the person.
                Arguments.of(
                        body(TestData.id(), "DISPOSITION_RECORDED", now), List.of(new Rule("disposition", "required"))),
                Arguments.of(
                        body(TestData.id(), "DISPOSITION_RECORDED", now, "disposition", "WENT_HOME"),
                        List.of(new Rule("disposition", "enum"))),
                Arguments.of(
                        body(TestData.id(), "CLEARED", now, "disposition", "ADMITTED"),
                        List.of(new Rule("disposition", "enum"))),
                Arguments.of(
                        body(TestData.id(), "HANDED_OVER", now, "disposition", "DISCHARGED"),
                        List.of(new Rule("disposition", "not-allowed-for-type"))),
                Arguments.of(
                        body(TestData.id(), "REFERRED_AT_SCENE", now),
                        List.of(new Rule("referralPathway", "required"))),
                Arguments.of(
                        body(TestData.id(), "REFERRED_AT_SCENE", now, "referralPathway", "NHS24"),
                        List.of(new Rule("referralPathway", "enum"))),
                Arguments.of(
                        body(TestData.id(), "REFERRED_AT_SCENE", now, "referralPathway", "DBI", "siteCode", "NONE"),
                        List.of(new Rule("siteCode", "known-site"))),
                Arguments.of(
                        body(TestData.id(), "CANCELLED", now, "referralPathway", "DBI"),
                        List.of(new Rule("referralPathway", "not-allowed-for-type"))));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void givenAnInvalidBody_whenSubmitted_then400NamingEveryFieldAndRule(Map<String, Object> body, List<Rule> expected)
            throws Exception {
        MvcResult result = submitAs(pc, "OFFICER", "G", TestData.id(), body);

        assertThat(Problems.rules(result, 400, json)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void givenACaseIdThatIsNotAUuid_whenSubmitted_then400NamingCaseId() throws Exception {
        MvcResult result = submitAs(pc, "OFFICER", "G", "case-1", body(TestData.id(), "ARRIVED", Instant.now()));

        assertThat(Problems.rules(result, 400, json)).containsExactly(new Rule("caseId", "uuid"));
    }

    @Test
    void givenMalformedJson_whenSubmitted_then400NotA5xx() throws Exception {
        MvcResult result = mvc.perform(tokens.officer(post("/api/v1/handovers/{c}/events", TestData.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"eventId\": \"abc\",")))
                .andReturn();

        assertThat(Problems.rules(result, 400, json)).containsExactly(new Rule("body", "json"));
    }

    @Test
    void givenAJsonArray_whenSubmitted_then400AskingForAnObject() throws Exception {
        MvcResult result = mvc.perform(tokens.officer(post("/api/v1/handovers/{c}/events", TestData.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[1,2]")))
                .andReturn();

        assertThat(Problems.rules(result, 400, json)).containsExactly(new Rule("body", "json-object"));
    }

    @Test
    void givenAFormBody_whenSubmitted_then415() throws Exception {
        MvcResult result = mvc.perform(tokens.officer(post("/api/v1/handovers/{c}/events", TestData.id())
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("eventId=1")))
                .andReturn();

        assertThat(Problems.rules(result, 415, json)).containsExactly(new Rule("Content-Type", "media-type"));
    }

    @Test
    void givenABodyOver16KiB_whenSubmitted_then413() throws Exception {
        Map<String, Object> body = body(TestData.id(), "ARRIVED", Instant.now(), "note", "x".repeat(17_000));

        MvcResult result = submitAs(pc, "OFFICER", "G", TestData.id(), body);

        assertThat(Problems.rules(result, 413, json)).containsExactly(new Rule("body", "max-size"));
    }

    @Test
    void givenAChunkedBodyOver16KiB_whenSubmittedOverHttp_then413() throws Exception {
        byte[] big = json.writeValueAsBytes(body(TestData.id(), "ARRIVED", Instant.now(), "note", "x".repeat(20_000)));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/handovers/" + TestData.id() + "/events"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.token(pc, "OFFICER", "G"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body())
                        .get("errors")
                        .get(0)
                        .get("rule")
                        .stringValue())
                .isEqualTo("max-size");
    }

    @Test
    void givenNoToken_whenSubmitted_then401Problem() throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/handovers/{c}/events", TestData.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andReturn();

        assertThat(Problems.rules(result, 401, json)).containsExactly(new Rule("Authorization", "bearer-token"));
        assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    }

    @Test
    void givenATokenSignedByAnotherKey_whenSubmitted_then401Problem() throws Exception {
        String foreign = new uk.transferofcare.api.devtoken.DevTokenIssuer(
                        "handover-api-local", "handover-api", Duration.ofHours(1), java.time.Clock.systemUTC())
                .mint(pc, "OFFICER", "G");

        MvcResult result = mvc.perform(post("/api/v1/handovers/{c}/events", TestData.id())
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + foreign)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andReturn();

        assertThat(Problems.rules(result, 401, json)).containsExactly(new Rule("Authorization", "bearer-token"));
    }

    @Test
    void givenAnUnknownCase_whenAcknowledged_then202HeldWithTheHorizonAndTheStatusSaysHeld() throws Exception {
        String caseId = TestData.id();
        String eventId = TestData.id();

        MvcResult result = submitAs(nurse, "ED_STAFF", "QEUH", caseId, body(eventId, "ACKNOWLEDGED", Instant.now()));

        assertThat(result.getResponse().getStatus()).isEqualTo(202);
        JsonNode answer = read(result);
        assertThat(answer.get("status").stringValue()).isEqualTo("HELD");
        assertThat(Instant.parse(answer.get("heldUntil").stringValue()))
                .isAfter(Instant.now().plus(23, ChronoUnit.HOURS));
        assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION))
                .isEqualTo("/api/v1/handovers/" + caseId + "/events/" + eventId);
        JsonNode status = read(getAs(nurse, "ED_STAFF", "QEUH", "/api/v1/handovers/{c}/events/{e}", caseId, eventId));
        assertThat(status.get("status").stringValue()).isEqualTo("HELD");
    }

    @Test
    void givenAnOfflineBurstInReverseOrder_whenTheOpeningComesLast_thenTheHeldEventsAreAppliedAndTheirStatusSaysSo()
            throws Exception {
        String caseId = TestData.id();
        Instant t = Instant.now().minusSeconds(3600);
        String cleared = TestData.id();
        String arrived = TestData.id();
        String preAlerted = TestData.id();

        int first = submitAs(pc, "OFFICER", "G", caseId, body(cleared, "CLEARED", t.plusSeconds(3000)))
                .getResponse()
                .getStatus();
        int second = submitAs(pc, "OFFICER", "G", caseId, body(arrived, "ARRIVED", t.plusSeconds(600)))
                .getResponse()
                .getStatus();
        MvcResult opening = submitAs(pc, "OFFICER", "G", caseId, body(preAlerted, "PRE_ALERTED", t, "siteCode", "RIE"));

        assertThat(List.of(first, second, opening.getResponse().getStatus())).containsExactly(202, 202, 201);
        assertThat(statusOf(caseId, cleared)).isEqualTo("APPLIED");
        assertThat(statusOf(caseId, arrived)).isEqualTo("APPLIED");
        JsonNode view = read(getAs(pc, "OFFICER", "G", "/api/v1/handovers/{c}", caseId));
        assertThat(view.get("state").stringValue()).isEqualTo("CLEARED");
        assertThat(Instant.parse(view.get("points").get("arrivedAt").stringValue()))
                .isEqualTo(t.plusSeconds(600).truncatedTo(ChronoUnit.MILLIS));
        assertThat(Instant.parse(view.get("points").get("clearedAt").stringValue()))
                .isEqualTo(t.plusSeconds(3000).truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void givenAnOfflineReplay_whenPreAlertArrivalAndClearanceArriveWithinMilliseconds_thenEachIsApplied()
            throws Exception {
        String caseId = TestData.id();
        Instant t = Instant.now().minusSeconds(300);
        List<Integer> statuses = new ArrayList<>();

        statuses.add(submitAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "PRE_ALERTED", t, "siteCode", "RIE"))
                .getResponse()
                .getStatus());
        statuses.add(submitAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "ARRIVED", t.plusSeconds(60)))
                .getResponse()
                .getStatus());
        statuses.add(submitAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "CLEARED", t.plusSeconds(120)))
                .getResponse()
                .getStatus());

        assertThat(statuses).containsExactly(201, 201, 201);
    }

    @Test
    void givenASupervisor_whenTheyCorrectAPointRightAfterItWasRecorded_thenTheCorrectionIsApplied() throws Exception {
        String caseId = TestData.id();
        Instant t = Instant.now().minusSeconds(1800);
        submitAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "ARRIVED", t, "siteCode", "QEUH"));

        MvcResult correction = submitAs(
                "sgt-" + pc,
                "SUPERVISOR",
                "G",
                caseId,
                body(
                        TestData.id(),
                        "CORRECTED",
                        Instant.now(),
                        "correctedPoint",
                        "ARRIVED",
                        "correctedTo",
                        t.minusSeconds(120).toString(),
                        "reason",
                        "device clock was slow"));

        assertThat(correction.getResponse().getStatus())
                .as(correction.getResponse().getContentAsString())
                .isEqualTo(201);
    }

    @Test
    void givenAFutureOccurredAt_whenSubmitted_then422R2FutureNamingOccurredAt() throws Exception {
        MvcResult result = submitAs(
                pc,
                "OFFICER",
                "G",
                TestData.id(),
                body(TestData.id(), "PRE_ALERTED", Instant.now().plus(10, ChronoUnit.MINUTES), "siteCode", "QEUH"));

        assertThat(Problems.rules(result, 422, json)).containsExactly(new Rule("occurredAt", "R2_FUTURE"));
    }

    @Test
    void givenACaseOpenedByAnotherDivision_whenAnOfficerOfDivisionEClears_then403NotPermitted() throws Exception {
        String caseId = TestData.id();
        openCase(caseId, "QEUH");

        MvcResult result = submitAs("pc-9", "OFFICER", "E", caseId, body(TestData.id(), "CLEARED", Instant.now()));

        assertThat(Problems.rules(result, 403, json)).containsExactly(new Rule("caseId", "NOT_PERMITTED"));
        assertThat(read(result).get("detail").stringValue())
                .doesNotContain("QEUH")
                .doesNotContain(" G");
    }

    @Test
    void givenEdStaffOpenedACaseForDivisionG_whenAnOfficerOfAnotherDivisionSendsALatePreAlert_then403AndTheCaseStaysG()
            throws Exception {
        String caseId = TestData.id();
        Instant arrived = Instant.now().minusSeconds(600);
        MvcResult opened = submitAs(
                nurse,
                "ED_STAFF",
                "QEUH",
                caseId,
                body(TestData.id(), "ARRIVED", arrived, "siteCode", "QEUH", "policeDivision", "G"));

        MvcResult attack = submitAs(
                "pc-" + TestData.id().substring(0, 6),
                "OFFICER",
                "E",
                caseId,
                body(TestData.id(), "PRE_ALERTED", arrived.minusSeconds(600), "siteCode", "QEUH"));

        assertThat(opened.getResponse().getStatus()).isEqualTo(201);
        assertThat(Problems.rules(attack, 403, json)).containsExactly(new Rule("caseId", "NOT_PERMITTED"));
        JsonNode view = read(getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}", caseId));
        assertThat(view.get("policeDivision").stringValue()).isEqualTo("G");
        assertThat(view.get("version").longValue()).isEqualTo(1L);
        assertThat(view.get("points").get("preAlertedAt").isNull()).isTrue();
        assertThat(getAs("pc-e", "OFFICER", "E", "/api/v1/handovers/{c}", caseId)
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
    }

    @Test
    void givenACaseOfAnotherDivision_whenAnOfficerDivertsTheirOwnCaseNamingItAsTheLinkedCase_then400AndItIsUnchanged()
            throws Exception {
        String target = TestData.id();
        submitAs(
                "pc-e-" + pc,
                "OFFICER",
                "E",
                target,
                body(TestData.id(), "PRE_ALERTED", Instant.now().minusSeconds(60), "siteCode", "RIE"));
        String own = TestData.id();
        openCase(own, "QEUH");

        MvcResult attack = submitAs(
                pc,
                "OFFICER",
                "G",
                own,
                body(
                        TestData.id(),
                        "DIVERTED",
                        Instant.now().minusSeconds(30),
                        "destinationSiteCode",
                        "RIE",
                        "linkedCaseId",
                        target));

        assertThat(Problems.rules(attack, 400, json)).containsExactly(new Rule("linkedCaseId", "chosen-by-processor"));
        JsonNode view = read(getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}", target));
        assertThat(view.get("version").longValue()).isEqualTo(1L);
        assertThat(view.get("policeDivision").stringValue()).isEqualTo("E");
        assertThat(view.get("linkedFromCaseId").isNull()).isTrue();
    }

    @Test
    void givenAPreAlertedCase_whenDiverted_then201NamingTheLinkedCaseTheProcessorOpened() throws Exception {
        String caseId = TestData.id();
        openCase(caseId, "QEUH");

        MvcResult result = submitAs(
                pc,
                "OFFICER",
                "G",
                caseId,
                body(TestData.id(), "DIVERTED", Instant.now().minusSeconds(30), "destinationSiteCode", "GRI"));

        assertThat(result.getResponse().getStatus()).isEqualTo(201);
        String linked = read(result).get("linkedCaseId").stringValue();
        assertThat(linked).isNotBlank().isNotEqualTo(caseId);
        org.awaitility.Awaitility.await("the linked case")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    JsonNode view = read(getAs(pc, "OFFICER", "G", "/api/v1/handovers/{c}", linked));
                    assertThat(view.get("siteCode").stringValue()).isEqualTo("GRI");
                    assertThat(view.get("linkedFromCaseId").stringValue()).isEqualTo(caseId);
                });
    }

    @Test
    void givenAClearedCase_whenAcknowledgedNow_then409Order() throws Exception {
        String caseId = TestData.id();
        Instant arrived = Instant.now().minus(2, ChronoUnit.HOURS);
        submitAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "ARRIVED", arrived, "siteCode", "QEUH"));
        submitAs(nurse, "ED_STAFF", "QEUH", caseId, body(TestData.id(), "HANDED_OVER", arrived.plusSeconds(1800)));
        submitAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "CLEARED", arrived.plusSeconds(2400)));

        MvcResult result =
                submitAs(nurse, "ED_STAFF", "QEUH", caseId, body(TestData.id(), "ACKNOWLEDGED", Instant.now()));

        assertThat(Problems.rules(result, 409, json)).containsExactly(new Rule("occurredAt", "R3_ORDER"));
        assertThat(read(result).get("conflictingPoint").stringValue()).isEqualTo("HANDED_OVER");
    }

    @Test
    void givenAVoidCase_whenAnyEventSubmitted_then409CaseVoid() throws Exception {
        String caseId = TestData.id();
        submitAs(
                pc,
                "OFFICER",
                "G",
                caseId,
                body(TestData.id(), "ARRIVED", Instant.now().minusSeconds(600), "siteCode", "QEUH"));
        submitAs(
                "sister-" + nurse,
                "SUPERVISOR",
                "QEUH",
                caseId,
                body(TestData.id(), "ENTERED_IN_ERROR", Instant.now(), "reason", "test record"));

        MvcResult result =
                submitAs(nurse, "ED_STAFF", "QEUH", caseId, body(TestData.id(), "ACKNOWLEDGED", Instant.now()));

        assertThat(Problems.rules(result, 409, json)).containsExactly(new Rule("caseId", "CASE_VOID"));
    }

    @Test
    void givenAnArrivedCase_whenCancelled_then409InvalidTransition() throws Exception {
        String caseId = TestData.id();
        submitAs(
                pc,
                "OFFICER",
                "G",
                caseId,
                body(TestData.id(), "ARRIVED", Instant.now().minusSeconds(600), "siteCode", "QEUH"));

        MvcResult result = submitAs(
                pc, "OFFICER", "G", caseId, body(TestData.id(), "CANCELLED", Instant.now(), "reason", "stood down"));

        assertThat(Problems.rules(result, 409, json)).containsExactly(new Rule("type", "INVALID_TRANSITION"));
    }

    @Test
    void givenAnArrivalAlreadyRecorded_whenAnotherArrivalAtAnotherTime_then409AlreadyRecorded() throws Exception {
        String caseId = TestData.id();
        submitAs(
                pc,
                "OFFICER",
                "G",
                caseId,
                body(TestData.id(), "ARRIVED", Instant.now().minusSeconds(600), "siteCode", "QEUH"));

        MvcResult result = submitAs(pc, "OFFICER", "G", caseId, body(TestData.id(), "ARRIVED", Instant.now()));

        assertThat(Problems.rules(result, 409, json)).containsExactly(new Rule("occurredAt", "R5_ALREADY_RECORDED"));
    }

    @Test
    void givenTheSameFactUnderAnotherEventId_whenSubmitted_then200DuplicateNamingTheOriginal() throws Exception {
        String caseId = TestData.id();
        Instant arrived = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        String first = TestData.id();
        submitAs(pc, "OFFICER", "G", caseId, body(first, "ARRIVED", arrived, "siteCode", "QEUH"));

        MvcResult result = submitAs(nurse, "ED_STAFF", "QEUH", caseId, body(TestData.id(), "ARRIVED", arrived));

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        JsonNode answer = read(result);
        assertThat(answer.get("status").stringValue()).isEqualTo("DUPLICATE");
        assertThat(answer.get("rule").stringValue()).isEqualTo("R1_DUPLICATE");
        assertThat(answer.get("originalEventId").stringValue()).isEqualTo(first);
    }

    @Test
    void givenARoleThatMayNeverSendTheType_whenSubmitted_then403BeforeAnythingIsProduced() throws Exception {
        String caseId = TestData.id();
        String eventId = TestData.id();

        MvcResult result = submitAs("admin-" + pc, "ADMIN", "ADMIN", caseId, body(eventId, "ARRIVED", Instant.now()));

        assertThat(Problems.rules(result, 403, json)).containsExactly(new Rule("type", "NOT_PERMITTED"));
        // A later submission on the same case (same partition) proves nothing was written before it.
        String marker = TestData.id();
        submitAs(pc, "OFFICER", "G", caseId, body(marker, "ARRIVED", Instant.now(), "siteCode", "QEUH"));
        assertThat(kafka.readUntil(
                        Topics.SUBMISSIONS.name(),
                        HandoverSubmission.class,
                        records -> records.stream()
                                .anyMatch(r -> r.value().getEventId().equals(marker)),
                        Duration.ofSeconds(10)))
                .noneMatch(r -> r.value().getEventId().equals(eventId));
    }

    private String statusOf(String caseId, String eventId) throws Exception {
        MvcResult result = getAs(pc, "OFFICER", "G", "/api/v1/handovers/{c}/events/{e}", caseId, eventId);
        assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString())
                .isEqualTo(200);
        return read(result).get("status").stringValue();
    }

    @Test
    void givenOneUserSendingFasterThanTheLimit_whenSubmitting_then429WithRetryAfter() throws Exception {
        String token = tokens.token("pc-burst", "OFFICER", "G");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<MvcResult>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            futures.add(pool.submit(() -> mvc.perform(post("/api/v1/handovers/{c}/events", TestData.id())
                            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{}"))
                    .andReturn()));
        }
        List<MvcResult> results = new ArrayList<>();
        for (var future : futures) {
            results.add(future.get());
        }
        pool.shutdown();

        MvcResult limited = results.stream()
                .filter(r -> r.getResponse().getStatus() == 429)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 429 among 40 submissions in a burst"));
        assertThat(Problems.rules(limited, 429, json)).containsExactly(new Rule("user", "rate-limit"));
        assertThat(Long.parseLong(limited.getResponse().getHeader(HttpHeaders.RETRY_AFTER)))
                .isEqualTo(1L);
        assertThat(results)
                .extracting(r -> r.getResponse().getStatus())
                .containsOnly(400, 429)
                .contains(400);
    }

    private static Map<String, Object> bodyWith(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(key, value);
        return copy;
    }
}
