package uk.transferofcare.api.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.Problems;
import uk.transferofcare.api.support.Problems.Rule;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.api.support.TestProducer;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.AssessmentMode;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.Correction;
import uk.transferofcare.events.DelayReason;
import uk.transferofcare.events.DelayReasonRecord;
import uk.transferofcare.events.Escalation;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.Intervals;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.LegalClock;
import uk.transferofcare.events.OfficerCountChange;
import uk.transferofcare.events.PointRecord;
import uk.transferofcare.events.SubmissionStatus;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.events.TimePoints;
import uk.transferofcare.events.Topics;

/** The read side: case, submission status, lists, the live stream, reference data, OpenAPI, pages and tokens. */
@HandoverApiIntegrationTest
class ReadSideIT extends ApiTestSupport {

    @LocalServerPort
    int port;

    @Test
    void givenASnapshotAndARejection_whenTheCaseIsRead_thenEveryFieldIsMappedWithIsoInstantsAndSeconds()
            throws Exception {
        String caseId = TestData.id();
        Instant arrived = Instant.parse("2026-03-29T00:30:00Z");
        Actor officer = new Actor("pc-1234", ActorRole.OFFICER, "G");
        Actor nurse = new Actor("nurse-qeuh", ActorRole.ED_STAFF, "QEUH");
        Actor sergeant = new Actor("sgt-g", ActorRole.SUPERVISOR, "G");
        CaseSnapshot snapshot = CaseSnapshot.newBuilder(TestData.arrived(caseId, "QEUH", "G", arrived, 1))
                .setVersion(5)
                .setState(CaseState.ACKNOWLEDGED)
                .setLocalReference("PS-20260329-0042")
                .setPoints(TimePoints.newBuilder()
                        .setRemovedAt(arrived.minusSeconds(1800))
                        .setArrivedAt(arrived)
                        .setAcknowledgedAt(arrived.plusSeconds(1500))
                        .setAssessmentStartedAt(arrived.plusSeconds(1200))
                        .build())
                .setPointRecords(List.of(
                        new PointRecord(TimePoint.ARRIVED, arrived, "e-1", arrived, officer, false, false, true),
                        new PointRecord(
                                TimePoint.ACKNOWLEDGED,
                                arrived.plusSeconds(1500),
                                "e-2",
                                arrived.plusSeconds(1510),
                                nurse,
                                false,
                                false,
                                false)))
                .setIntervals(Intervals.newBuilder()
                        .setArrivalToAcknowledgedSeconds(1500L)
                        .setArrivalToAssessmentSeconds(1200L)
                        .build())
                .setAssessmentMode(AssessmentMode.REMOTE)
                .setDelayReasons(List.of(new DelayReasonRecord(
                        DelayReason.AWAITING_BED,
                        arrived.plusSeconds(1300),
                        "no bed yet",
                        "e-5",
                        nurse,
                        arrived.plusSeconds(1310))))
                .setOfficerChanges(List.of(
                        new OfficerCountChange(arrived.plusSeconds(600), 1, EventType.OFFICER_RELEASED, "e-6"),
                        new OfficerCountChange(arrived.plusSeconds(900), 3, EventType.OFFICER_RETAINED, "e-7")))
                .setEscalationLevel(1)
                .setEscalations(
                        List.of(new Escalation(1, 30, arrived.plusSeconds(1800), arrived.plusSeconds(1800), true)))
                .setLegalClock(new LegalClock(
                        LegalBasis.S297,
                        arrived.minusSeconds(1800),
                        arrived.plusSeconds(84600),
                        List.of(),
                        null,
                        null,
                        null))
                .setCorrections(List.of(new Correction(
                        "e-3",
                        TimePoint.ARRIVED,
                        arrived.plusSeconds(60),
                        arrived,
                        "arrival tapped late",
                        sergeant,
                        arrived.plusSeconds(2000),
                        false)))
                .setUpdatedAt(arrived.plusSeconds(2000))
                .setLastEventId("e-3")
                .build();
        TestProducer.send(Topics.STATE.name(), caseId, snapshot);
        TestProducer.send(
                Topics.REJECTIONS.name(),
                caseId,
                TestData.rejected(caseId, "e-4", EventType.HANDED_OVER, "R3_ORDER", "R3_ORDER: before ARRIVED"));

        JsonNode view = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> read(getAs(nurse.getUserId(), "ED_STAFF", "QEUH", "/api/v1/handovers/{c}", caseId)),
                        v -> v.has("version")
                                && v.get("version").longValue() == 5
                                && v.get("rejections").size() == 1);

        JsonNode rejection = view.get("rejections").get(0);
        assertThat(json.readValue(view.toString(), Map.class))
                .isEqualTo(json.readValue(
                        """
                        {"caseId":"%s","version":5,"state":"ACKNOWLEDGED","open":true,
                         "siteCode":"QEUH","policeDivision":"G","legalBasis":"S297","officerCount":2,
                         "localReference":"PS-20260329-0042","linkedFromCaseId":null,"divertedToCaseId":null,
                         "destinationSiteCode":null,
                         "points":{"removedAt":"2026-03-29T00:00:00Z","preAlertedAt":null,"eta":null,
                           "arrivedAt":"2026-03-29T00:30:00Z","acknowledgedAt":"2026-03-29T00:55:00Z",
                           "handoverStartedAt":null,"handedOverAt":null,"clearedAt":null,"outcomeAt":null,
                           "assessmentStartedAt":"2026-03-29T00:50:00Z"},
                         "timeline":[
                           {"point":"ARRIVED","at":"2026-03-29T00:30:00Z","eventId":"e-1",
                            "recordedAt":"2026-03-29T00:30:00Z",
                            "recordedBy":{"userId":"pc-1234","role":"OFFICER","org":"G"},
                            "implied":false,"late":false,"corrected":true},
                           {"point":"ACKNOWLEDGED","at":"2026-03-29T00:55:00Z","eventId":"e-2",
                            "recordedAt":"2026-03-29T00:55:10Z",
                            "recordedBy":{"userId":"nurse-qeuh","role":"ED_STAFF","org":"QEUH"},
                            "implied":false,"late":false,"corrected":false}],
                         "intervals":{"arrivalToAcknowledgedSeconds":1500,"handoverSeconds":null,
                           "handoverToClearSeconds":null,"timeAtEdSeconds":null,"officerSeconds":null,
                           "arrivalToAssessmentSeconds":1200},
                         "escalationLevel":1,
                         "escalations":[{"level":1,"thresholdMinutes":30,"dueAt":"2026-03-29T01:00:00Z",
                           "firedAt":"2026-03-29T01:00:00Z"}],
                         "legalClock":{"basis":"S297","startsAt":"2026-03-29T00:00:00Z",
                           "deadline":"2026-03-30T00:00:00Z","warnings":[],"extendedAt":null,"extendedBy":null,
                           "deadlineBeforeExtension":null},
                         "retained":[],
                         "corrections":[{"eventId":"e-3","point":"ARRIVED","from":"2026-03-29T00:31:00Z",
                           "to":"2026-03-29T00:30:00Z","reason":"arrival tapped late",
                           "recordedBy":{"userId":"sgt-g","role":"SUPERVISOR","org":"G"},
                           "recordedAt":"2026-03-29T01:03:20Z","withdrawn":false}],
                         "dataQuality":{"incomplete":false,"acknowledgedImplied":false,"lateEvents":0,
                           "corrections":0,"rejectedSubmissions":0,"duplicateSubmissions":0},
                         "rejections":[{"eventId":"e-4","type":"HANDED_OVER","rule":"R3_ORDER","field":null,
                           "message":"R3_ORDER: before ARRIVED","conflictingPoint":"ARRIVED",
                           "occurredAt":"%s","rejectedAt":"%s",
                           "submittedBy":{"userId":"nurse-qeuh","role":"ED_STAFF","org":"QEUH"}}],
                         "openedAt":"2026-03-29T00:30:00Z","updatedAt":"2026-03-29T01:03:20Z","lastEventId":"e-3",
                         "repeatWithin30d":false,"repeatWithin90d":false,
                         "divisionTransfers":[],"fieldCorrections":[],
                         "disposition":null,"dispositions":[],"referralPathway":null,
                         "assessmentMode":"REMOTE",
                         "delayReasons":[{"reason":"AWAITING_BED","at":"2026-03-29T00:51:40Z","note":"no bed yet",
                           "eventId":"e-5","recordedBy":{"userId":"nurse-qeuh","role":"ED_STAFF","org":"QEUH"}}],
                         "officerChanges":[
                           {"at":"2026-03-29T00:40:00Z","officerCount":1,"type":"OFFICER_RELEASED","eventId":"e-6"},
                           {"at":"2026-03-29T00:45:00Z","officerCount":3,"type":"OFFICER_RETAINED","eventId":"e-7"}],
                         "currentOfficerCount":3}
                        """.formatted(
                                        caseId,
                                        rejection.get("occurredAt").stringValue(),
                                        rejection.get("rejectedAt").stringValue()),
                        Map.class));
    }

    @Test
    void givenOutcomesOfOneSubmission_whenItsStatusIsRead_thenHeldThenTheVerdictAndReSendsAreOnlyCounted()
            throws Exception {
        String caseId = TestData.id();
        String eventId = TestData.id();
        String path = "/api/v1/handovers/" + caseId + "/events/" + eventId;
        TestProducer.send(
                Topics.OUTCOMES.name(),
                caseId,
                TestData.outcome(caseId, eventId, EventType.ACKNOWLEDGED, SubmissionStatus.HELD, null, "HELD: wait"));
        JsonNode held = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> read(getAs("pc-1234", "OFFICER", "G", path)), v -> v.has("status"));

        TestProducer.send(
                Topics.OUTCOMES.name(),
                caseId,
                TestData.outcome(caseId, eventId, EventType.ACKNOWLEDGED, SubmissionStatus.APPLIED, null, null));
        TestProducer.send(
                Topics.OUTCOMES.name(),
                caseId,
                TestData.outcome(caseId, eventId, EventType.ACKNOWLEDGED, SubmissionStatus.APPLIED, null, null, true));
        JsonNode applied = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> read(getAs("pc-1234", "OFFICER", "G", path)),
                        v -> v.get("resends").intValue() == 1);

        assertThat(held.get("status").stringValue()).isEqualTo("HELD");
        assertThat(held.get("heldUntil").stringValue()).isNotBlank();
        assertThat(List.of(
                        applied.get("status").stringValue(),
                        applied.get("sequence").toString(),
                        String.valueOf(applied.get("rule")),
                        applied.get("resends").toString()))
                .containsExactly("APPLIED", "1", "null", "1");
        assertThat(getAs("pc-9", "OFFICER", "E", path).getResponse().getStatus())
                .as("neither the submitter nor a reader of the case")
                .isEqualTo(403);
    }

    @Test
    void givenARealRejection_whenItsStatusIsRead_thenTheRuleFieldAndMessageAreShownOnAnyRead() throws Exception {
        String caseId = TestData.id();
        String eventId = TestData.id();
        MvcResult answer = submitAs(
                pc,
                "OFFICER",
                "G",
                caseId,
                body(eventId, "PRE_ALERTED", Instant.now().plusSeconds(3600), "siteCode", "GRI"));

        JsonNode rejected = read(getAs(pc, "OFFICER", "G", "/api/v1/handovers/{c}/events/{e}", caseId, eventId));

        assertThat(answer.getResponse().getStatus()).isEqualTo(422);
        assertThat(List.of(
                        rejected.get("status").stringValue(),
                        rejected.get("rule").stringValue(),
                        rejected.get("field").stringValue()))
                .containsExactly("REJECTED", "R2_FUTURE", "occurredAt");
        assertThat(rejected.get("message").stringValue()).startsWith("R2_FUTURE: occurredAt");
    }

    @Test
    void givenUnknownIds_whenRead_then404AndMalformedIds400() throws Exception {
        MvcResult unknownCase = getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}", TestData.id());
        MvcResult unknownEvent =
                getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}/events/{e}", TestData.id(), TestData.id());
        MvcResult malformed = getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}", "nope");

        assertThat(Problems.rules(unknownCase, 404, json)).containsExactly(new Rule("caseId", "unknown"));
        assertThat(Problems.rules(unknownEvent, 404, json)).containsExactly(new Rule("eventId", "no-verdict"));
        assertThat(Problems.rules(malformed, 400, json)).containsExactly(new Rule("caseId", "uuid"));
    }

    @Test
    void givenOpenAndClosedCases_whenTheBoardListIsRead_thenOnlyOpenOnesOfTheSiteEarliestFirst() throws Exception {
        String early = TestData.id();
        String late = TestData.id();
        String closed = TestData.id();
        Instant now = Instant.now();
        TestProducer.send(Topics.STATE.name(), late, TestData.arrived(late, "UHA", "U", now.minusSeconds(60), 1));
        TestProducer.send(Topics.STATE.name(), early, TestData.arrived(early, "UHA", "U", now.minusSeconds(600), 1));
        CaseSnapshot base = TestData.arrived(closed, "UHA", "U", now.minusSeconds(900), 1);
        TestProducer.send(
                Topics.STATE.name(), closed, TestData.withState(base, CaseState.CLEARED, base.getPoints(), 2));

        JsonNode list = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> read(getAs(nurse, "ED_STAFF", "UHA", "/api/v1/handovers?siteCode=UHA")),
                        v -> v.get("count").intValue() >= 2);
        JsonNode byDivision = read(getAs(pc, "OFFICER", "U", "/api/v1/handovers?division=U&open=false"));
        MvcResult both = getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers?siteCode=UHA&division=U");

        List<String> ids = new ArrayList<>();
        list.get("cases").forEach(c -> ids.add(c.get("caseId").stringValue()));
        assertThat(ids).containsSubsequence(early, late).doesNotContain(closed);
        List<String> all = new ArrayList<>();
        byDivision.get("cases").forEach(c -> all.add(c.get("caseId").stringValue()));
        assertThat(all).contains(early, late, closed);
        assertThat(Problems.rules(both, 400, json)).containsExactly(new Rule("siteCode", "one-of"));
    }

    @Test
    void givenAnEdBoardStream_whenACaseChanges_thenItArrivesLiveAndAReconnectWithLastEventIdGetsOnlyWhatChanged()
            throws Exception {
        String first = TestData.id();
        Instant now = Instant.now();
        TestProducer.send(Topics.STATE.name(), first, TestData.arrived(first, "UHW", "Q", now.minusSeconds(120), 1));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}", first)
                                .getResponse()
                                .getStatus()
                        == 200);
        String token = tokens.token(nurse, "ED_STAFF", "UHW");

        List<String[]> events = new ArrayList<>();
        String lastId;
        String second = TestData.id();
        try (SseClient stream = new SseClient(port, "/api/v1/handovers/stream?siteCode=UHW", token, null)) {
            events.add(stream.next());
            TestProducer.send(
                    Topics.STATE.name(), second, TestData.arrived(second, "UHW", "Q", now.minusSeconds(30), 1));
            events.add(stream.next());
            lastId = events.get(1)[1];
        }
        String third = TestData.id();
        TestProducer.send(Topics.STATE.name(), third, TestData.arrived(third, "UHW", "Q", now, 1));
        List<String[]> resumed = new ArrayList<>();
        try (SseClient stream = new SseClient(port, "/api/v1/handovers/stream?siteCode=UHW", token, lastId)) {
            resumed.add(stream.next());
            resumed.add(stream.next());
        }

        assertThat(events.get(0)[0]).isEqualTo("board");
        assertThat(json.readTree(events.get(0)[2]).get("cases").toString()).contains(first);
        assertThat(events.get(1)[0]).isEqualTo("case");
        assertThat(json.readTree(events.get(1)[2]).get("caseId").stringValue()).isEqualTo(second);
        assertThat(resumed).extracting(e -> e[0]).containsExactly("case", "synced");
        assertThat(json.readTree(resumed.get(0)[2]).get("caseId").stringValue()).isEqualTo(third);
        assertThat(json.readTree(resumed.get(1)[2]).get("changed").intValue()).isEqualTo(1);
    }

    @Test
    void givenNoToken_whenSitesAreRead_thenScotlandsSitesWithTypeAndBoardAndPoliceDivisionsAreListed()
            throws Exception {
        JsonNode sites = read(mvc.perform(get("/api/v1/sites")).andReturn());

        List<String> siteCodes = new ArrayList<>();
        sites.get("sites").forEach(s -> siteCodes.add(s.get("code").stringValue()));
        List<String> divisions = new ArrayList<>();
        sites.get("divisions").forEach(d -> divisions.add(d.get("code").stringValue()));
        assertThat(siteCodes)
                .containsExactly(
                        "QEUH", "GRI", "RAH", "RIE", "SJH", "ARI", "NW", "UHC", "UHA", "UHW", "UHM", "UHH", "FVRH",
                        "VHK", "DGRI", "BGH", "RIH", "REH", "LEVH", "STOB", "RCH", "CARS", "ECC", "GCDRS");
        assertThat(divisions).containsExactly("A", "C", "D", "E", "G", "J", "K", "L", "N", "P", "Q", "U", "V");
        assertThat(sites.get("sites").get(0).toString())
                .isEqualTo("{\"code\":\"QEUH\",\"name\":\"Queen Elizabeth University Hospital (Glasgow)\","
                        + "\"type\":\"EMERGENCY_DEPARTMENT\",\"board\":\"NHS Greater Glasgow and Clyde\"}");
        Map<String, List<String>> byType = new TreeMap<>();
        sites.get("sites")
                .forEach(s -> byType.computeIfAbsent(s.get("type").stringValue(), t -> new ArrayList<>())
                        .add(s.get("code").stringValue() + " " + s.get("board").stringValue()));
        assertThat(byType.get("PLACE_OF_SAFETY"))
                .containsExactly(
                        "REH NHS Lothian",
                        "LEVH NHS Greater Glasgow and Clyde",
                        "STOB NHS Greater Glasgow and Clyde",
                        "RCH NHS Grampian",
                        "CARS NHS Tayside");
        assertThat(byType.get("SAFE_SPACE")).containsExactly("ECC NHS Lothian", "GCDRS NHS Greater Glasgow and Clyde");
        assertThat(byType.get("EMERGENCY_DEPARTMENT")).hasSize(17);
        assertThat(byType).containsOnlyKeys("EMERGENCY_DEPARTMENT", "PLACE_OF_SAFETY", "SAFE_SPACE");
    }

    @Test
    void givenTheOpenApiDocument_whenRead_thenBearerSecurityAndProblemAnswersAreDocumented() throws Exception {
        JsonNode doc = read(mvc.perform(get("/v3/api-docs")).andReturn());

        assertThat(doc.at("/components/securitySchemes/bearer-jwt/scheme").stringValue())
                .isEqualTo("bearer");
        JsonNode post = doc.at("/paths/~1api~1v1~1handovers~1{caseId}~1events/post");
        assertThat(post.at("/responses/202").isMissingNode()).isFalse();
        assertThat(post.at("/responses/503/content/application~1problem+json").isMissingNode())
                .isFalse();
        assertThat(post.at("/requestBody/content/application~1json/schema/$ref").stringValue())
                .endsWith("SubmissionRequest");
        assertThat(mvc.perform(get("/swagger-ui/index.html"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
    }

    @Test
    void givenThePages_whenRequestedWithoutAToken_thenTheyAreServedWithAContentSecurityPolicy() throws Exception {
        for (String page : List.of("/officer", "/board", "/cases/" + TestData.id(), "/")) {
            MvcResult result = mvc.perform(get(page)).andReturn();
            String forwarded = result.getResponse().getForwardedUrl();
            assertThat(result.getResponse().getStatus()).as(page).isEqualTo(200);
            assertThat(forwarded).as(page).endsWith(".html");
            assertThat(result.getResponse().getHeader("Content-Security-Policy"))
                    .contains("script-src 'self'");
        }
        assertThat(mvc.perform(get("/webjars/govuk-frontend/dist/govuk/govuk-frontend.min.css"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
    }

    @Test
    void givenDevTokenRequests_whenRoleAndOrgDoNotFit_then400ElseATokenTheApiAccepts() throws Exception {
        MvcResult wrongOrg = mvc.perform(post("/dev/tokens")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"subject\":\"pc-1\",\"role\":\"OFFICER\",\"org\":\"QEUH\"}"))
                .andReturn();
        MvcResult badRole = mvc.perform(post("/dev/tokens")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"subject\":\"x\",\"role\":\"CHIEF\",\"org\":\"G\"}"))
                .andReturn();
        MvcResult ok = mvc.perform(post("/dev/tokens")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"subject\":\"admin\",\"role\":\"ADMIN\",\"org\":\"ADMIN\"}"))
                .andReturn();
        String token = read(ok).get("token").stringValue();

        assertThat(Problems.rules(wrongOrg, 400, json)).containsExactly(new Rule("org", "org-for-role"));
        assertThat(Problems.rules(badRole, 400, json)).containsExactly(new Rule("role", "enum"));
        assertThat(mvc.perform(get("/api/v1/handovers?siteCode=QEUH").header("Authorization", "Bearer " + token))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
    }

    @Test
    void givenADevTokenRequestFromAnotherMachine_whenMinted_then403NamingTheRule() throws Exception {
        MvcResult fromThePhone = mvc.perform(post("/dev/tokens")
                        .with(request -> {
                            request.setRemoteAddr("192.168.1.20");
                            return request;
                        })
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"subject\":\"admin\",\"role\":\"ADMIN\",\"org\":\"ADMIN\"}"))
                .andReturn();
        MvcResult fromIpv6Loopback = mvc.perform(post("/dev/tokens")
                        .with(request -> {
                            request.setRemoteAddr("0:0:0:0:0:0:0:1");
                            return request;
                        })
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"subject\":\"pc-1\",\"role\":\"OFFICER\",\"org\":\"G\"}"))
                .andReturn();

        assertThat(Problems.rules(fromThePhone, 403, json)).containsExactly(new Rule("remoteAddress", "loopback-only"));
        assertThat(fromThePhone.getResponse().getContentAsString()).doesNotContain("token\":");
        assertThat(fromIpv6Loopback.getResponse().getStatus()).isEqualTo(200);
    }

    /** Reads server-sent events over a real HTTP connection: {name, id, data} per event. */
    static final class SseClient implements AutoCloseable {
        private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
        private final Thread reader;
        private volatile java.io.InputStream body;

        SseClient(int port, String path, String token, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + token);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<java.io.InputStream> response =
                    HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            body = response.body();
            reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String name = "message";
                    String id = null;
                    StringBuilder data = new StringBuilder();
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.isEmpty()) {
                            if (!data.isEmpty()) {
                                events.add(new String[] {name, id, data.toString()});
                            }
                            name = "message";
                            id = null;
                            data.setLength(0);
                        } else if (line.startsWith("event:")) {
                            name = line.substring(6).trim();
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5).trim());
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String[] next() throws InterruptedException {
            String[] event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no server-sent event within 10 s");
            }
            return event;
        }

        @Override
        public void close() throws Exception {
            body.close();
            reader.interrupt();
        }
    }
}
