package uk.transferofcare.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.notification.routing.NotificationIds;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformIntegrationTest;
import uk.transferofcare.testkit.TestTokens;
import uk.transferofcare.testkit.browser.Axe;
import uk.transferofcare.testkit.browser.Chromium;
import uk.transferofcare.testkit.browser.PageChecks;

/**
 * The service as deployed (its own application.yml routing, the real topic names) against a real broker and
 * registry, a real SMTP server (GreenMail) and a real HTTP receiver (MockWebServer).
 */
@PlatformIntegrationTest
// Plain SMTP and http receivers in the JVM: only the local profile allows them (TransportSecurity).
@ActiveProfiles("local")
@SpringBootTest(
        classes = NotificationServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NotificationDeliveryIT {

    @RegisterExtension
    static final GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static final WebhookReceiver receiver = new WebhookReceiver();
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        NotificationTestProperties.common(receiver.baseUrl(), smtp.getSmtp().getPort())
                .forEach(p -> {
                    int eq = p.indexOf('=');
                    registry.add(p.substring(0, eq), () -> p.substring(eq + 1));
                });
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        receiver.close();
    }

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void givenAPreAlert_whenConsumed_thenTheEdCoordinatorGetsOneEmailAndOneSignedWebhook(KafkaTestClients kafka)
            throws Exception {
        HandoverEvent event = Events.preAlerted("QEUH", "G");
        String emailId = NotificationIds.of(event.getEventId(), "ed-coordinator", NotificationChannel.EMAIL);
        String webhookId = NotificationIds.of(event.getEventId(), "ed-coordinator", NotificationChannel.WEBHOOK);

        Producer.send("handover-events", event.getCaseId(), event);

        List<NotificationOutcome> outcomes =
                new Outcomes(kafka).of(List.of(event.getCaseId()), o -> o.size() >= 2, TIMEOUT);
        assertThat(outcomes)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("at")
                .containsExactlyInAnyOrder(
                        outcome(event, emailId, "ed-coordinator", NotificationChannel.EMAIL)
                                .setStatus(NotificationStatus.DELIVERED)
                                .setAttempt(1)
                                .setDetail("accepted by SMTP server")
                                .setAt(java.time.Instant.EPOCH)
                                .build(),
                        outcome(event, webhookId, "ed-coordinator", NotificationChannel.WEBHOOK)
                                .setStatus(NotificationStatus.DELIVERED)
                                .setAttempt(1)
                                .setDetail("HTTP 200")
                                .setAt(java.time.Instant.EPOCH)
                                .build());

        String caseRef = event.getCaseId().substring(0, 8);
        List<Mail.Received> mails = java.util.Arrays.stream(smtp.getReceivedMessages())
                .map(Mail::read)
                .filter(m -> emailId.equals(m.idempotencyKey()))
                .toList();
        assertThat(mails)
                .containsExactly(new Mail.Received(
                        List.of("ed-coordinator.qeuh@nhs.example"),
                        "notifications@transfer-of-care.example",
                        "Pre-alert: police bringing a person to QEUH (case " + caseRef + ")",
                        "<" + emailId + "@notification-service.transfer-of-care>",
                        emailId,
                        "Pre-alert: police bringing a person to QEUH (case " + caseRef + ")\n\n"
                                + "Case: " + caseRef + "\n"
                                + "Event: Pre alerted\n"
                                + "Site: QEUH\n"
                                + "Police division: G\n"
                                + "When: Wed 25 Nov 2026 14:05 GMT\n"
                                + "Case page: https://toc.example/cases/" + event.getCaseId() + "\n"
                                + "Sign in to see the case's reference, notes and timeline.\n\n"
                                + "Notification " + emailId + ". Times are Europe/London."
                                + " This message holds no personal data.\n"));

        List<WebhookReceiver.Received> hooks = receiver.receivedWithKey(webhookId);
        assertThat(hooks).hasSize(1);
        WebhookReceiver.Received hook = hooks.get(0);
        assertThat(hook.path()).isEqualTo("/hooks/ed/qeuh/coordinator");
        assertThat(hook.signature()).isEqualTo(expectedSignature(hook.timestamp(), hook.body()));
        JsonNode body = json.readTree(hook.body());
        assertThat(json.convertValue(body, Map.class))
                .containsEntry("notificationId", webhookId)
                .containsEntry("eventType", "PRE_ALERTED")
                .containsEntry("caseId", event.getCaseId())
                .containsEntry("caseReference", caseRef)
                .containsEntry("siteCode", "QEUH")
                .containsEntry("policeDivision", "G")
                .containsEntry("occurredAt", "2026-11-25T14:05:00Z")
                .containsEntry("caseUrl", "https://toc.example/cases/" + event.getCaseId())
                .containsEntry("recipient", "ed-coordinator");
    }

    @Test
    void givenAnArrivalWithALocalReferenceAndANote_whenNotified_thenNeitherLeavesAndTheCaseLinkDoes(
            KafkaTestClients kafka) {
        String reference = "PS-20261125-0917";
        String note = "quiet, asked for water";
        HandoverEvent event = Events.event(EventType.ARRIVED, "QEUH", "G")
                .setDetails(SubmissionDetails.newBuilder()
                        .setSiteCode("QEUH")
                        .setLocalReference(reference)
                        .setNote(note)
                        .build())
                .build();
        String emailId = NotificationIds.of(event.getEventId(), "ed-coordinator", NotificationChannel.EMAIL);
        String webhookId = NotificationIds.of(event.getEventId(), "ed-coordinator", NotificationChannel.WEBHOOK);
        String link = "https://toc.example/cases/" + event.getCaseId();

        Producer.send("handover-events", event.getCaseId(), event);

        assertThat(new Outcomes(kafka).of(List.of(event.getCaseId()), o -> o.size() >= 2, TIMEOUT))
                .extracting(o -> o.getChannel() + "/" + o.getStatus())
                .containsExactlyInAnyOrder("EMAIL/DELIVERED", "WEBHOOK/DELIVERED");
        List<String> email = java.util.Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> emailId.equals(Mail.read(m).idempotencyKey()))
                .findFirst()
                .map(Mail::readable)
                .orElseThrow();
        String hook = receiver.receivedWithKey(webhookId).get(0).body();
        List<String> external = new java.util.ArrayList<>(email);
        external.add(hook);
        assertThat(external.subList(1, 4)).allSatisfy(part -> assertThat(part).contains(link));
        assertThat(external)
                .hasSize(4)
                .allSatisfy(part -> assertThat(part)
                        .doesNotContain(reference)
                        .doesNotContain("0917")
                        .doesNotContain(note)
                        .doesNotContain("water"));
        assertThat(email.get(1)).contains("Sign in to see the case's reference, notes and timeline.");
        assertThat(json.convertValue(json.readTree(hook), Map.class))
                .doesNotContainKey("localReference")
                .containsEntry("caseUrl", link);
    }

    @Test
    void givenAnEscalationToLevelTwo_whenConsumed_thenDutyInspectorAndSiteManagerHearOnBothChannels(
            KafkaTestClients kafka) {
        HandoverEvent event = Events.escalated("GRI", "K", 2, 120);

        Producer.send("handover-events", event.getCaseId(), event);

        List<NotificationOutcome> outcomes =
                new Outcomes(kafka).of(List.of(event.getCaseId()), o -> o.size() >= 4, TIMEOUT);
        assertThat(outcomes)
                .extracting(o -> o.getRecipient() + "/" + o.getChannel() + "/" + o.getStatus())
                .containsExactlyInAnyOrder(
                        "duty-inspector/EMAIL/DELIVERED",
                        "duty-inspector/WEBHOOK/DELIVERED",
                        "ed-site-manager/EMAIL/DELIVERED",
                        "ed-site-manager/WEBHOOK/DELIVERED");
        assertThat(receiver.received().stream()
                        .filter(r -> r.body().contains(event.getCaseId()))
                        .map(WebhookReceiver.Received::path))
                .containsExactlyInAnyOrder("/hooks/police/k/inspector", "/hooks/ed/gri/site-manager");
    }

    @Test
    void givenADiversionAndAnAbscond_whenConsumed_thenTheReceivingSiteAndTheDutyInspectorHear(KafkaTestClients kafka) {
        HandoverEvent diverted = Events.event(EventType.DIVERTED, "QEUH", "G")
                .setState(CaseState.DIVERTED)
                .setDetails(SubmissionDetails.newBuilder()
                        .setSiteCode("QEUH")
                        .setDestinationSiteCode("RIE")
                        .build())
                .build();
        HandoverEvent absconded = Events.event(EventType.ABSCONDED, "GRI", "K")
                .setState(CaseState.ABSCONDED)
                .build();

        Producer.send("handover-events", diverted.getCaseId(), diverted);
        Producer.send("handover-events", absconded.getCaseId(), absconded);

        List<NotificationOutcome> outcomes = new Outcomes(kafka)
                .of(List.of(diverted.getCaseId(), absconded.getCaseId()), o -> o.size() >= 6, TIMEOUT);
        assertThat(outcomes)
                .extracting(o -> o.getEventType() + " " + o.getRecipient() + "/" + o.getChannel() + "/" + o.getStatus())
                .containsExactlyInAnyOrder(
                        "DIVERTED ed-coordinator/EMAIL/DELIVERED",
                        "DIVERTED ed-coordinator/WEBHOOK/DELIVERED",
                        "DIVERTED ed-coordinator/EMAIL/DELIVERED",
                        "DIVERTED ed-coordinator/WEBHOOK/DELIVERED",
                        "ABSCONDED duty-inspector/EMAIL/DELIVERED",
                        "ABSCONDED duty-inspector/WEBHOOK/DELIVERED");
        assertThat(receiver.received().stream()
                        .filter(r -> r.body().contains(diverted.getCaseId())
                                || r.body().contains(absconded.getCaseId()))
                        .map(WebhookReceiver.Received::path))
                .containsExactlyInAnyOrder(
                        "/hooks/ed/rie/coordinator", "/hooks/ed/qeuh/coordinator", "/hooks/police/k/inspector");
        List<String> mailTo = new java.util.ArrayList<>();
        for (var message : smtp.getReceivedMessages()) {
            try {
                String subject = message.getSubject();
                if (subject.contains(diverted.getCaseId().substring(0, 8))
                        || subject.contains(absconded.getCaseId().substring(0, 8))) {
                    mailTo.add(message.getAllRecipients()[0] + " " + subject);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        String divertedSubject = "Diverted: police taking the person to RIE instead of QEUH (case "
                + diverted.getCaseId().substring(0, 8) + ")";
        assertThat(mailTo)
                .containsExactlyInAnyOrder(
                        "ed-coordinator.rie@nhs.example " + divertedSubject,
                        "ed-coordinator.qeuh@nhs.example " + divertedSubject,
                        "duty-inspector.division-k@police.example Absconded from GRI before handover: missing-person"
                                + " risk (case " + absconded.getCaseId().substring(0, 8) + ")");
    }

    @Test
    void givenAHandoverUndoneByItsNurse_whenConsumed_thenTheDivisionChannelHearsItNoLongerStandsAndOtherUndosNobody(
            KafkaTestClients kafka) {
        HandoverEvent undoneHandover = Events.event(EventType.ACTION_UNDONE, "QEUH", "G")
                .setState(CaseState.ARRIVED)
                .setCorrectedFrom(Events.OCCURRED.minusSeconds(120))
                .setWithdrawnPoint(TimePoint.HANDED_OVER)
                .build();
        HandoverEvent undoneAcknowledgement = Events.event(EventType.ACTION_UNDONE, "QEUH", "G")
                .setState(CaseState.ARRIVED)
                .setCorrectedFrom(Events.OCCURRED.minusSeconds(120))
                .setWithdrawnPoint(TimePoint.ACKNOWLEDGED)
                .build();
        // the same case handed over after its acknowledgement was undone: one partition, so consumed after the undo
        HandoverEvent marker = Events.event(EventType.HANDED_OVER, "QEUH", "G")
                .setCaseId(undoneAcknowledgement.getCaseId())
                .setSequence(2)
                .build();

        Producer.send("handover-events", undoneAcknowledgement.getCaseId(), undoneAcknowledgement);
        Producer.send("handover-events", undoneHandover.getCaseId(), undoneHandover);
        Producer.send("handover-events", marker.getCaseId(), marker);

        // once the later handover of the undone acknowledgement's case is delivered, that undo (consumed before it)
        // planned nothing
        List<NotificationOutcome> outcomes = new Outcomes(kafka)
                .of(
                        List.of(undoneHandover.getCaseId(), undoneAcknowledgement.getCaseId()),
                        o -> o.size() >= 2,
                        TIMEOUT);
        assertThat(outcomes)
                .extracting(o -> o.getCaseId() + " " + o.getEventType() + " " + o.getRecipient() + "/" + o.getChannel()
                        + "/" + o.getStatus())
                .containsExactlyInAnyOrder(
                        undoneHandover.getCaseId() + " ACTION_UNDONE division-channel/WEBHOOK/DELIVERED",
                        marker.getCaseId() + " HANDED_OVER division-channel/WEBHOOK/DELIVERED");
        WebhookReceiver.Received hook = receiver.received().stream()
                .filter(r -> r.body().contains(undoneHandover.getCaseId()))
                .findFirst()
                .orElseThrow();
        assertThat(hook.path()).isEqualTo("/hooks/police/g/channel");
        assertThat(hook.body())
                .contains("Handover withdrawn at QEUH: not handed over yet, officers stay until it is recorded again")
                .contains("\"withdrawnPoint\":\"HANDED_OVER\"")
                .contains("\"withdrawnAt\":\"" + Events.OCCURRED.minusSeconds(120) + "\"");
    }

    @Test
    void givenABackfilledEvent_whenConsumed_thenEveryRecipientIsSuppressedAndNothingIsSent(KafkaTestClients kafka) {
        HandoverEvent event = Events.event(EventType.ARRIVED, "RAH", "L")
                .setNotifyRecipients(false)
                .build();

        Producer.send("handover-events", event.getCaseId(), event);

        List<NotificationOutcome> outcomes =
                new Outcomes(kafka).of(List.of(event.getCaseId()), o -> o.size() >= 2, TIMEOUT);
        assertThat(outcomes)
                .extracting(o -> o.getChannel() + "/" + o.getStatus() + "/" + o.getDetail())
                .containsExactlyInAnyOrder(
                        "EMAIL/SUPPRESSED/backfilled event: notifyRecipients=false",
                        "WEBHOOK/SUPPRESSED/backfilled event: notifyRecipients=false");
        assertThat(receiver.received()).noneMatch(r -> r.body().contains(event.getCaseId()));
        assertThat(smtp.getReceivedMessages())
                .noneMatch(m -> Mail.read(m).text().contains(event.getCaseId()));
    }

    @Test
    void givenTheSameEventTwice_whenConsumed_thenEachRecipientHearsOnceAndTheRepeatIsSuppressed(
            KafkaTestClients kafka) {
        HandoverEvent event = Events.event(EventType.HANDED_OVER, "QEUH", "G").build();
        String id = NotificationIds.of(event.getEventId(), "division-channel", NotificationChannel.WEBHOOK);

        Producer.send("handover-events", event.getCaseId(), event);
        Producer.send("handover-events", event.getCaseId(), event);

        List<NotificationOutcome> outcomes =
                new Outcomes(kafka).of(List.of(event.getCaseId()), o -> o.size() >= 2, TIMEOUT);
        assertThat(outcomes)
                .extracting(o -> o.getNotificationId() + "/" + o.getStatus())
                .containsExactly(id + "/DELIVERED", id + "/SUPPRESSED");
        assertThat(outcomes.get(1).getDetail()).startsWith("duplicate: already delivered at ");
        assertThat(receiver.requestsPerKey()).containsEntry(id, 1L);
        assertThat(receiver.receivedWithKey(id))
                .extracting(WebhookReceiver.Received::path)
                .containsExactly("/hooks/police/g/channel");
    }

    @Test
    void givenAMalformedRecord_whenConsumed_thenItGoesToTheDeadLetterTopicAndTheConsumerCarriesOn(
            KafkaTestClients kafka) {
        String badKey = "malformed-" + UUID.randomUUID();
        HandoverEvent after = Events.event(EventType.HANDED_OVER, "QEUH", "G").build();

        kafka.sendRaw("handover-events", badKey, "not avro at all".getBytes(StandardCharsets.UTF_8));
        Producer.send("handover-events", after.getCaseId(), after);

        List<ConsumerRecord<String, byte[]>> dead = kafka.readUntil(
                "handover-events-dlt",
                byte[].class,
                records -> records.stream().anyMatch(r -> badKey.equals(r.key())),
                TIMEOUT);
        ConsumerRecord<String, byte[]> record =
                dead.stream().filter(r -> badKey.equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
        assertThat(record.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
        assertThat(new Outcomes(kafka).of(List.of(after.getCaseId()), o -> o.size() >= 1, TIMEOUT))
                .extracting(NotificationOutcome::getStatus)
                .containsExactly(NotificationStatus.DELIVERED);
    }

    @Test
    void givenDeliveredNotifications_whenTheReadEndpointIsAsked_thenItListsThemAndRejectsBadParameters(
            KafkaTestClients kafka) throws Exception {
        HandoverEvent event = Events.event(EventType.HANDED_OVER, "QEUH", "N").build();
        Producer.send("handover-events", event.getCaseId(), event);

        Awaitility.await()
                .atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(json.readTree(get("/api/notifications?caseId=" + event.getCaseId())
                                .body()))
                        .hasSize(1));
        JsonNode listed = json.readTree(get("/api/notifications?caseId=" + event.getCaseId() + "&status=delivered")
                        .body())
                .get(0);
        assertThat(listed.get("recipient").asString()).isEqualTo("division-channel");
        assertThat(listed.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(listed.get("channel").asString()).isEqualTo("WEBHOOK");

        HttpResponse<String> bad = get("/api/notifications?status=LOST");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(bad.body()).get("detail").asString())
                .isEqualTo("status: must be one of [DELIVERED, RETRYING, FAILED, SUPPRESSED], was 'LOST'");
        assertThat(get("/api/notifications?limit=0").statusCode()).isEqualTo(400);

        HttpResponse<String> page = ServiceHttp.get(port, "/notifications", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .as("the page is a shell without data: its script fetches with the token")
                .contains("<h1>Notifications</h1>", "/notifications.js")
                .doesNotContain("division-channel", event.getCaseId());
    }

    /**
     * The notifications page in a real headless Chromium: a token the service refuses is shown as an error, a QEUH
     * supervisor's token lists the delivered notification; axe-core finds no WCAG 2.1 A/AA violation with the error
     * and with the data, at 1280 and at 360 px, and nothing is wider than the phone's screen.
     */
    @Test
    void givenADeliveredNotification_whenTheNotificationsPageIsOpenedInABrowser_thenErrorAndDataShowAccessibly()
            throws Exception {
        HandoverEvent event = Events.event(EventType.HANDED_OVER, "QEUH", "N").build();
        Producer.send("handover-events", event.getCaseId(), event);
        Awaitility.await()
                .atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(json.readTree(get("/api/notifications?caseId=" + event.getCaseId())
                                .body()))
                        .hasSize(1));

        ChromeDriver browser = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get("http://localhost:" + port + "/notifications");
            wait.until(d -> d.findElement(By.id("message")).getText().equals("A SUPERVISOR or ADMIN token is needed."));

            browser.findElement(By.id("token")).sendKeys("not-a-token");
            browser.findElement(By.id("show")).click();
            WebElement error = wait.until(d -> {
                WebElement e = d.findElement(By.id("error"));
                return e.isDisplayed() ? e : null;
            });
            assertThat(error.getText()).startsWith("There is a problem").contains("401", "a valid bearer token");
            assertThat(browser.findElement(By.tagName("table")).isDisplayed()).isFalse();
            pageChecks(browser, "the notifications page with an error shown");

            browser.findElement(By.id("token")).sendKeys(TestTokens.token("sup-qeuh", "SUPERVISOR", "QEUH"));
            browser.findElement(By.id("show")).click();
            String caseRef = event.getCaseId().substring(0, 8);
            WebElement row = wait.until(d -> d.findElements(By.cssSelector("tbody tr")).stream()
                    .filter(r -> r.getText().contains(caseRef))
                    .findFirst()
                    .orElse(null));
            assertThat(row.getText()).contains("DELIVERED", "HANDED_OVER", "QEUH", "division-channel", "WEBHOOK");
            assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
            pageChecks(browser, "the notifications page with data");
        } finally {
            browser.quit();
        }
    }

    private static void pageChecks(ChromeDriver browser, String what) {
        Axe.assertAccessible(browser, what + ", 1280 px");
        PageChecks.phoneWidth(browser);
        Axe.assertAccessible(browser, what + ", 360 px");
        assertThat(PageChecks.scrollWidth(browser))
                .as(what + ": nothing wider than 360 px")
                .isLessThanOrEqualTo(360L);
        PageChecks.desktopWidth(browser);
    }

    @Test
    void givenANotificationOfSiteQeuhAndDivisionN_whenReadersOfEachOrgAsk_thenOnlyTheirOwnSupervisorsAndAdminsSeeIt(
            KafkaTestClients kafka) throws Exception {
        HandoverEvent event = Events.event(EventType.HANDED_OVER, "QEUH", "N").build();
        Producer.send("handover-events", event.getCaseId(), event);
        String query = "/api/notifications?caseId=" + event.getCaseId();
        Awaitility.await()
                .atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(
                                json.readTree(ServiceHttp.get(port, query, NotificationTestProperties.adminToken())
                                        .body()))
                        .hasSize(1));

        java.util.Map<String, Integer> seen = new java.util.LinkedHashMap<>();
        for (String[] reader : new String[][] {
            {"SUPERVISOR", "QEUH"}, {"SUPERVISOR", "N"}, {"SUPERVISOR", "GRI"}, {"SUPERVISOR", "G"}, {"ADMIN", "ADMIN"}
        }) {
            HttpResponse<String> answer =
                    ServiceHttp.get(port, query, TestTokens.token("reader-1", reader[0], reader[1]));
            assertThat(answer.statusCode()).as(reader[0] + " of " + reader[1]).isEqualTo(200);
            seen.put(
                    reader[0] + " of " + reader[1], json.readTree(answer.body()).size());
        }
        assertThat(seen)
                .containsExactly(
                        java.util.Map.entry("SUPERVISOR of QEUH", 1),
                        java.util.Map.entry("SUPERVISOR of N", 1),
                        java.util.Map.entry("SUPERVISOR of GRI", 0),
                        java.util.Map.entry("SUPERVISOR of G", 0),
                        java.util.Map.entry("ADMIN of ADMIN", 1));
        JsonNode listed = json.readTree(ServiceHttp.get(port, query, NotificationTestProperties.adminToken())
                        .body())
                .get(0);
        assertThat(listed.get("siteCode").asString()).isEqualTo("QEUH");
        assertThat(listed.get("policeDivision").asString()).isEqualTo("N");

        for (String[] other : new String[][] {{"ED_STAFF", "QEUH"}, {"OFFICER", "N"}, {"ANALYST", "PHS"}}) {
            HttpResponse<String> refused =
                    ServiceHttp.get(port, query, TestTokens.token("reader-2", other[0], other[1]));
            assertThat(refused.statusCode()).as(other[0]).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).doesNotContain(event.getCaseId());
        }
        HttpResponse<String> anonymous = ServiceHttp.get(port, query, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json.readTree(anonymous.body()).get("rule").asString()).isEqualTo("bearer-token");
    }

    @Test
    void givenDeliveries_whenMetricsAndHealthAreRead_thenCountersPerChannelAndBreakerStatesShow(KafkaTestClients kafka)
            throws Exception {
        HandoverEvent event = Events.preAlerted("QEUH", "G");
        double webhooksBefore =
                meters.counter("notifications.delivered", "channel", "webhook").count();
        double emailsBefore =
                meters.counter("notifications.delivered", "channel", "email").count();

        Producer.send("handover-events", event.getCaseId(), event);

        // The two channels are delivered independently (in parallel): wait for both.
        Awaitility.await()
                .atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(List.of(
                                meters.counter("notifications.delivered", "channel", "webhook")
                                        .count(),
                                meters.counter("notifications.delivered", "channel", "email")
                                        .count()))
                        .containsExactly(webhooksBefore + 1, emailsBefore + 1));
        JsonNode health = json.readTree(get("/actuator/health").body());
        assertThat(health.at("/components/circuitBreakers/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/circuitBreakers/details/breakers/webhook:" + receiver.endpoint() + "/state")
                        .asString())
                .isEqualTo("CLOSED");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body())
                .contains("notifications_delivered_total{")
                .contains("notifications_in_flight{")
                .contains("notifications_waiting{")
                .contains("resilience4j_bulkhead_max_allowed_concurrent_calls{")
                .contains("resilience4j_circuitbreaker_state{");
    }

    /** Actuator on the management port as ADMIN; everything else on the main port as a QEUH supervisor. */
    private HttpResponse<String> get(String path) throws Exception {
        return new ServiceHttp(port, managementPort).get(path);
    }

    private static NotificationOutcome.Builder outcome(
            HandoverEvent event, String id, String recipient, NotificationChannel channel) {
        return NotificationOutcome.newBuilder()
                .setNotificationId(id)
                .setEventId(event.getEventId())
                .setCaseId(event.getCaseId())
                .setEventType(event.getType())
                .setSiteCode(event.getSiteCode())
                .setPoliceDivision(event.getPoliceDivision())
                .setEscalationLevel(event.getEscalationLevel())
                .setRecipient(recipient)
                .setChannel(channel);
    }

    /** The receiver's side of the documented scheme, written independently of the service's signer. */
    static String expectedSignature(String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(NotificationTestProperties.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256="
                + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
