package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The dev inbox over real SMTP (Spring's JavaMailSender, as the notification service uses) and real HTTP. */
class DevInboxTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:15:30Z");

    private final MutableClock clock = new MutableClock(T0);
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private DevInbox inbox;
    private JavaMailSenderImpl mailSender;

    @BeforeEach
    void start() throws IOException {
        inbox = new DevInbox(3, clock).start(0, 0, 0);
        mailSender = new JavaMailSenderImpl();
        mailSender.setHost("127.0.0.1");
        mailSender.setPort(inbox.smtpPort());
    }

    @AfterEach
    void stop() {
        inbox.close();
    }

    @Test
    void theHttpServerSendsSmallAnswersWithoutNaglesDelay() {
        // Read by the JDK once, when the first HttpServer starts: the webhook sink must not add ~45 ms per answer.
        assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    }

    @Test
    void anEmailSentOverSmtpIsListedWithItsHeadersAndBody() throws Exception {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("notifications@transfer-of-care.example");
        message.setTo("ed-coordinator.rvi@nhs.example");
        message.setCc("duty-inspector.division-3@police.example");
        message.setBcc("audit@transfer-of-care.example");
        message.setSubject("Pre-alert: police arriving with a patient");
        message.setText("Case HO-1234 is on its way.\nETA 10 minutes.");

        mailSender.send(message);

        List<ReceivedMail> mail = inbox.mail();
        assertThat(mail).hasSize(1);
        ReceivedMail received = mail.get(0);
        assertThat(received.messageId()).isNotBlank();
        assertThat(received)
                .isEqualTo(new ReceivedMail(
                        1,
                        T0.toString(),
                        received.messageId(),
                        "notifications@transfer-of-care.example",
                        List.of("ed-coordinator.rvi@nhs.example"),
                        List.of("duty-inspector.division-3@police.example"),
                        List.of(
                                "audit@transfer-of-care.example",
                                "duty-inspector.division-3@police.example",
                                "ed-coordinator.rvi@nhs.example"),
                        "Pre-alert: police arriving with a patient",
                        "Case HO-1234 is on its way.\r\nETA 10 minutes.",
                        ""));

        JsonNode api = getJson("/api/mail");
        assertThat(api.size()).isEqualTo(1);
        assertThat(api.get(0).get("subject").asString()).isEqualTo("Pre-alert: police arriving with a patient");
        assertThat(api.get(0).get("to").get(0).asString()).isEqualTo("ed-coordinator.rvi@nhs.example");
    }

    @Test
    void multipartEmailsKeepBothTheTextAndTheHtmlPart() throws Exception {
        MimeMessage message = mailSender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom("notifications@transfer-of-care.example");
        helper.setTo("ed-site-manager.rvi@nhs.example");
        helper.setSubject("Escalation level 2");
        helper.setText("Plain version", "<p>HTML <b>version</b></p>");

        mailSender.send(message);

        ReceivedMail received = inbox.mail().get(0);
        assertThat(received.text()).isEqualTo("Plain version");
        assertThat(received.html()).isEqualTo("<p>HTML <b>version</b></p>");
    }

    @Test
    void aWebhookIsStoredWithPathHeadersAndJsonBodyAndAnswered200() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/webhooks/ed/rvi/coordinator?attempt=1"))
                        .header("Content-Type", "application/json")
                        .header("X-Signature", "sha256=abc123")
                        .header("Idempotency-Key", "evt-42")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"caseId\":\"HO-1234\",\"event\":\"ARRIVED\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"received\" : 1");
        ReceivedWebhook webhook = inbox.webhooks().get(0);
        assertThat(webhook.id()).isEqualTo(1);
        assertThat(webhook.receivedAt()).isEqualTo(T0.toString());
        assertThat(webhook.method()).isEqualTo("POST");
        assertThat(webhook.path()).isEqualTo("/webhooks/ed/rvi/coordinator");
        assertThat(webhook.query()).isEqualTo("attempt=1");
        assertThat(webhook.body()).isEqualTo("{\"caseId\":\"HO-1234\",\"event\":\"ARRIVED\"}");
        assertThat(webhook.json().get("caseId").asString()).isEqualTo("HO-1234");
        assertThat(webhook.answeredStatus()).isEqualTo(200);
        assertThat(webhook.deliveryHeaders())
                .isEqualTo(Map.of("idempotency-key", List.of("evt-42"), "x-signature", List.of("sha256=abc123")));

        JsonNode api = getJson("/api/webhooks");
        assertThat(api.get(0).get("path").asString()).isEqualTo("/webhooks/ed/rvi/coordinator");
        assertThat(api.get(0).get("headers").get("x-signature").get(0).asString())
                .isEqualTo("sha256=abc123");
        assertThat(api.get(0).get("json").get("event").asString()).isEqualTo("ARRIVED");
    }

    @Test
    void theFailureSwitchAnswersWithItsStatusUntilItExpires() throws Exception {
        HttpResponse<String> on = post("/api/webhooks/failure?status=503&seconds=600", "");
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(json.readTree(on.body()).get("until").asString())
                .isEqualTo(T0.plusSeconds(600).toString());

        assertThat(post("/webhooks/x", "{}").statusCode()).isEqualTo(503);
        assertThat(inbox.webhooks().get(0).answeredStatus()).isEqualTo(503);

        clock.set(T0.plusSeconds(600));
        assertThat(post("/webhooks/x", "{}").statusCode()).isEqualTo(200);
        assertThat(getJson("/api/webhooks/failure").get("failing").asBoolean()).isFalse();
    }

    @Test
    void theFailureSwitchCanBeEndedEarlyAndRejectsNonsense() throws Exception {
        post("/api/webhooks/failure", "");
        assertThat(post("/webhooks/x", "{}").statusCode()).isEqualTo(500);

        HttpResponse<String> off = http.send(
                HttpRequest.newBuilder(uri("/api/webhooks/failure")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(post("/webhooks/x", "{}").statusCode()).isEqualTo(200);

        HttpResponse<String> ok = post("/api/webhooks/failure?status=200", "");
        assertThat(ok.statusCode()).isEqualTo(400);
        assertThat(json.readTree(ok.body()).get("error").asString())
                .isEqualTo("status must be a number from 400 to 599");
        assertThat(post("/api/webhooks/failure?seconds=forever", "").statusCode())
                .isEqualTo(400);
    }

    @Test
    void theSlowSwitchKeepsAWebhookAtOnceAndAnswersItLateOnTheSinksPort() throws Exception {
        HttpResponse<String> on = post("/api/webhooks/slow?millis=60000&seconds=600", "");
        assertThat(on.statusCode()).isEqualTo(200);
        JsonNode state = json.readTree(on.body());
        assertThat(state.get("slow").asBoolean()).isTrue();
        assertThat(state.get("millis").asLong()).isEqualTo(60000);
        assertThat(state.get("until").asString()).isEqualTo(T0.plusSeconds(600).toString());
        assertThat(http.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString())
                        .body())
                .contains("Slow switch on", "60000 ms");

        java.util.concurrent.CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + inbox.webhookPort() + "/webhooks/ed/rvi"))
                        .header("Idempotency-Key", "evt-slow")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            // Kept on arrival; its answer waits a minute, far longer than this test.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> inbox.webhooks().size() == 1);
            assertThat(pending).isNotDone();
            // The page's port is not the receiver: it answers at once, and stays responsive meanwhile.
            assertThat(post("/webhooks/x", "{}").statusCode()).isEqualTo(200);
        } finally {
            pending.cancel(true);
        }

        clock.set(T0.plusSeconds(600));
        assertThat(getJson("/api/webhooks/slow").get("slow").asBoolean()).isFalse();
        HttpResponse<String> after = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + inbox.webhookPort() + "/webhooks/ed/rvi"))
                        .timeout(java.time.Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void aSlowReceiverOfSmallCapacityLetsTheRestWaitTheirTurnBeforeKeepingThem() throws Exception {
        assertThat(post("/api/webhooks/slow?millis=60000&concurrent=1&seconds=600", "")
                        .statusCode())
                .isEqualTo(200);
        assertThat(getJson("/api/webhooks/slow").get("concurrent").asInt()).isEqualTo(1);
        DevInbox.SlowMode mode = inbox.slowMode().orElseThrow();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> pending = new java.util.ArrayList<>();
        try {
            pending.add(sendToSink("evt-first"));
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> inbox.webhooks().size() == 1);
            pending.add(sendToSink("evt-second"));
            // The second waits for the first's turn to end (a minute): not kept yet, not answered.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> mode.turns().getQueueLength() == 1);
            assertThat(inbox.webhooks()).hasSize(1);
            assertThat(inbox.webhooks().get(0).deliveryHeaders().get("idempotency-key"))
                    .containsExactly("evt-first");
            assertThat(pending).noneMatch(java.util.concurrent.CompletableFuture::isDone);
        } finally {
            pending.forEach(future -> future.cancel(true));
        }
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> sendToSink(String key) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + inbox.webhookPort() + "/webhooks/ed/rvi"))
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSlowSwitchCanBeEndedEarlyAndRejectsNonsense() throws Exception {
        post("/api/webhooks/slow", "");
        JsonNode state = getJson("/api/webhooks/slow");
        assertThat(state.get("millis").asLong()).isEqualTo(4000);
        assertThat(state.get("until").asString()).isEqualTo(T0.plusSeconds(300).toString());

        HttpResponse<String> off = http.send(
                HttpRequest.newBuilder(uri("/api/webhooks/slow")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(json.readTree(off.body()).get("slow").asBoolean()).isFalse();

        assertThat(post("/api/webhooks/slow?millis=0", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/webhooks/slow?millis=60001", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/webhooks/slow?seconds=0", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/webhooks/slow?concurrent=-1", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/webhooks/slow?concurrent=129", "").statusCode()).isEqualTo(400);
        HttpResponse<String> soon = post("/api/webhooks/slow?millis=soon&seconds=0", "");
        assertThat(soon.statusCode()).isEqualTo(400);
        assertThat(json.readTree(soon.body()).get("error").asString())
                .as("the first wrong parameter and its rule")
                .isEqualTo("millis must be a number from 1 to 60000");
        assertThat(getJson("/api/webhooks/slow").get("slow").asBoolean())
                .as("a refused switch changes nothing")
                .isFalse();
        assertThat(http.send(
                                HttpRequest.newBuilder(uri("/api/webhooks/slow"))
                                        .PUT(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(405);
    }

    @Test
    void onlyTheNewestItemsAreKeptNewestFirst() throws Exception {
        for (int i = 1; i <= 5; i++) {
            post("/webhooks/n" + i, "{}");
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom("a@example.org");
            message.setTo("b@example.org");
            message.setSubject("mail " + i);
            message.setText("body");
            mailSender.send(message);
        }

        assertThat(inbox.webhooks())
                .extracting(ReceivedWebhook::path)
                .containsExactly("/webhooks/n5", "/webhooks/n4", "/webhooks/n3");
        assertThat(inbox.webhooks()).extracting(ReceivedWebhook::id).containsExactly(5L, 4L, 3L);
        assertThat(inbox.mail()).extracting(ReceivedMail::subject).containsExactly("mail 5", "mail 4", "mail 3");
    }

    @Test
    void thePageListsEmailsAndWebhooksWithEverythingEscaped() throws Exception {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("notifications@transfer-of-care.example");
        message.setTo("ed-coordinator.rvi@nhs.example");
        message.setSubject("<script>alert(1)</script> arrived");
        message.setText("Body & more");
        mailSender.send(message);
        http.send(
                HttpRequest.newBuilder(uri("/webhooks/police/3/inspector"))
                        .header("Webhook-Signature", "v1,secret-looking")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"<b>bold</b>\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> page =
                http.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body())
                .startsWith("<!doctype html>\n<html lang=\"en\">")
                .contains("<title>Dev inbox", "role=\"status\" aria-live=\"polite\"", "aria-pressed=\"false\"")
                .contains("<h2 id=\"mail\">Emails (1)</h2>", "<h2 id=\"webhooks\">Webhooks (1)</h2>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; arrived", "Body &amp; more")
                .contains("POST /webhooks/police/3/inspector")
                .contains("<time datetime=\"2026-11-25T10:15:30Z\">2026-11-25 10:15:30 UTC</time>")
                .contains("<dt>webhook-signature</dt><dd>v1,secret-looking</dd>")
                .contains("&quot;note&quot; : &quot;&lt;b&gt;bold&lt;/b&gt;&quot;")
                .doesNotContain("<script>alert(1)</script>", "<b>bold</b>");
    }

    @Test
    void emptyInboxSaysSo() throws Exception {
        HttpResponse<String> page =
                http.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.body()).contains("<p>No emails yet.</p>", "<p>No webhooks yet.</p>");
    }

    @Test
    void theVersionChangesWithEveryArrivalAndClearing() throws Exception {
        String before = getJson("/api/version").get("version").asString();
        post("/webhooks/x", "{}");
        String after = getJson("/api/version").get("version").asString();

        HttpResponse<String> cleared = post("/api/clear", "");

        assertThat(after).isNotEqualTo(before);
        assertThat(cleared.statusCode()).isEqualTo(303);
        assertThat(inbox.webhooks()).isEmpty();
        assertThat(getJson("/api/version").get("version").asString()).isNotEqualTo(after);
    }

    @Test
    void wrongMethodsUnknownPathsAndHugeBodiesAreRefused() throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(uri("/webhooks/x")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(405);
        assertThat(http.send(HttpRequest.newBuilder(uri("/nowhere")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
        assertThat(post("/api/mail", "").statusCode()).isEqualTo(405);
        assertThat(post("/webhooks/big", "x".repeat(DevInbox.MAX_BODY_BYTES + 1))
                        .statusCode())
                .isEqualTo(413);
        assertThat(inbox.webhooks()).isEmpty();
    }

    @Test
    void anSmtpOutageRefusesConnectionsUntilItIsEndedAndTheServerComesBackOnItsPort() throws Exception {
        int port = inbox.smtpPort();
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("notifications@transfer-of-care.example");
        message.setTo("ed-coordinator.rvi@nhs.example");
        message.setSubject("Pre-alert");
        message.setText("On its way.");

        HttpResponse<String> down = post("/api/mail/outage?seconds=3600", "");

        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(json.readTree(down.body()).get("down").asBoolean()).isTrue();
        assertThat(json.readTree(down.body()).get("until").asString())
                .isEqualTo(T0.plusSeconds(3600).toString());
        assertThat(connects(port)).as("connections refused while down").isFalse();
        assertThatThrownBy(() -> mailSender.send(message))
                .isInstanceOf(org.springframework.mail.MailSendException.class);
        assertThat(getJson("/api/mail/outage").get("down").asBoolean()).isTrue();

        HttpResponse<String> up = http.send(
                HttpRequest.newBuilder(uri("/api/mail/outage")).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(json.readTree(up.body()).get("down").asBoolean()).isFalse();
        assertThat(inbox.smtpPort()).isEqualTo(port);
        mailSender.send(message);
        assertThat(inbox.mail()).extracting(ReceivedMail::subject).containsExactly("Pre-alert");
    }

    @Test
    void anSmtpOutageEndsByItselfAfterItsLength() throws Exception {
        int port = inbox.smtpPort();

        inbox.stopSmtp(java.time.Duration.ofMillis(200));

        assertThat(inbox.smtpDownUntil()).isPresent();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> connects(port));
        assertThat(inbox.smtpDownUntil()).isEmpty();
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("notifications@transfer-of-care.example");
        message.setTo("ed-coordinator.rvi@nhs.example");
        message.setSubject("Back");
        message.setText("Again.");
        mailSender.send(message);
        assertThat(inbox.mail()).extracting(ReceivedMail::subject).containsExactly("Back");
    }

    @Test
    void anSmtpOutageOfNoLengthOrTooLongIsRefused() throws Exception {
        assertThat(post("/api/mail/outage?seconds=0", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/mail/outage?seconds=86401", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/mail/outage?seconds=soon", "").statusCode()).isEqualTo(400);
        assertThat(getJson("/api/mail/outage").get("down").asBoolean()).isFalse();
        assertThat(connects(inbox.smtpPort())).isTrue();
    }

    @Test
    void theWebhookSinkOnItsOwnPortStoresWebhooksAndServesNothingElse() throws Exception {
        HttpResponse<String> sent = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + inbox.webhookPort() + "/webhooks/ed/rvi"))
                        .header("Idempotency-Key", "n-1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"PRE_ALERTED\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + inbox.webhookPort() + "/api/webhooks"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(inbox.webhooks()).extracting(ReceivedWebhook::path).containsExactly("/webhooks/ed/rvi");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(inbox.webhookPort()).isNotEqualTo(inbox.httpPort());
    }

    @Test
    void aWebhookOutageRefusesConnectionsOnTheSinksPortWhileThePageAnswers_andEndsOnDelete() throws Exception {
        int port = inbox.webhookPort();

        HttpResponse<String> down = post("/api/webhooks/outage?seconds=3600", "");

        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(json.readTree(down.body()).get("down").asBoolean()).isTrue();
        assertThat(json.readTree(down.body()).get("until").asString())
                .isEqualTo(T0.plusSeconds(3600).toString());
        assertThat(connects(port)).as("connections refused while down").isFalse();
        assertThat(getJson("/api/webhooks/outage").get("down").asBoolean()).isTrue();

        HttpResponse<String> up = http.send(
                HttpRequest.newBuilder(uri("/api/webhooks/outage")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(json.readTree(up.body()).get("down").asBoolean()).isFalse();
        assertThat(inbox.webhookPort()).isEqualTo(port);
        HttpResponse<String> sent = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/back"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(inbox.webhooks()).extracting(ReceivedWebhook::path).containsExactly("/webhooks/back");
    }

    @Test
    void aWebhookOutageEndsByItselfAfterItsLength_andOneOfNoLengthIsRefused() throws Exception {
        int port = inbox.webhookPort();
        assertThat(post("/api/webhooks/outage?seconds=0", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/webhooks/outage?seconds=86401", "").statusCode()).isEqualTo(400);
        assertThat(connects(port)).isTrue();

        inbox.stopWebhooks(java.time.Duration.ofMillis(200));

        assertThat(inbox.webhooksDownUntil()).isPresent();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> connects(port));
        assertThat(inbox.webhooksDownUntil()).isEmpty();
    }

    private static boolean connects(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + inbox.httpPort() + path);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        return json.readTree(response.body());
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
