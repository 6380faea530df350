package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The suite's own oracle of who must hear about which event, against what the receivers got. */
class WhoMustHearTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String A = "aaaaaaaa-0000-4000-8000-000000000001";
    private static final String B = "bbbbbbbb-0000-4000-8000-000000000002";
    private static final String C = "cccccccc-0000-4000-8000-000000000003";

    /**
     * Case A at QEUH (division G): pre-alert, arrival (sent twice), an acknowledgement undone, a handover undone, a
     * refused second pre-alert, cleared. Case B at RAH diverted to GRI, which opened case C there.
     */
    private static List<JsonNode> truth() {
        List<JsonNode> lines = new ArrayList<>();
        lines.add(json(Map.of("kind", "run", "seed", 1)));
        lines.add(submission(A, "e1", "PRE_ALERTED", "APPLIED", null));
        lines.add(submission(A, "e2", "ARRIVED", "APPLIED", null));
        lines.add(submission(A, "e2", "ARRIVED", "APPLIED", null)); // a re-send: the same event
        lines.add(submission(A, "e3", "ACKNOWLEDGED", "APPLIED", null));
        lines.add(submission(A, "e4", "ACTION_UNDONE", "APPLIED", "e3"));
        lines.add(submission(A, "e5", "HANDED_OVER", "APPLIED", null));
        lines.add(submission(A, "e6", "ACTION_UNDONE", "APPLIED", "e5"));
        lines.add(submission(A, "e7", "PRE_ALERTED", "REJECTED", null));
        lines.add(submission(A, "e8", "CLEARED", "APPLIED", null));
        lines.add(submission(B, "e9", "PRE_ALERTED", "DUPLICATE", null));
        lines.add(submission(B, "e10", "DIVERTED", "APPLIED", null));
        lines.add(caseLine(A, "QEUH", "G", null, null));
        lines.add(caseLine(B, "RAH", "K", C, null));
        lines.add(caseLine(C, "GRI", "K", null, B));
        return lines;
    }

    /** Every notice the routing gives for {@link #truth()}, as the receivers get them. */
    private static Inbox everythingDue() {
        Inbox inbox = new Inbox();
        inbox.both(A, "PRE_ALERTED", "ed/qeuh/coordinator", "ed-coordinator.qeuh@nhs.example");
        inbox.both(A, "ARRIVED", "ed/qeuh/coordinator", "ed-coordinator.qeuh@nhs.example");
        inbox.webhook(A, "HANDED_OVER", "police/g/channel", 200);
        inbox.webhook(A, "ACTION_UNDONE", "police/g/channel", 200);
        inbox.both(B, "DIVERTED", "ed/rah/coordinator", "ed-coordinator.rah@nhs.example");
        inbox.both(B, "DIVERTED", "ed/gri/coordinator", "ed-coordinator.gri@nhs.example");
        inbox.both(C, "PRE_ALERTED", "ed/gri/coordinator", "ed-coordinator.gri@nhs.example");
        return inbox;
    }

    @Test
    void givenTheTruth_thenTheRoutingGivesEachNoticeOnceWhateverWasSentTwiceRefusedOrUndoneElsewhere() {
        assertThat(WhoMustHear.expected(truth()).entrySet())
                .extracting(e -> e.getKey() + " x" + e.getValue())
                .containsExactlyInAnyOrder(
                        "PRE_ALERTED of " + A + " to ed-coordinator by email x1",
                        "PRE_ALERTED of " + A + " to ed-coordinator by webhook x1",
                        "ARRIVED of " + A + " to ed-coordinator by email x1",
                        "ARRIVED of " + A + " to ed-coordinator by webhook x1",
                        "HANDED_OVER of " + A + " to division-channel by webhook x1",
                        "ACTION_UNDONE of " + A + " to division-channel by webhook x1",
                        "DIVERTED of " + B + " to ed-coordinator by email x1",
                        "DIVERTED of " + B + " to ed-coordinator by webhook x1",
                        "DIVERTED of " + B + " to ed-coordinator@destination by email x1",
                        "DIVERTED of " + B + " to ed-coordinator@destination by webhook x1",
                        "PRE_ALERTED of " + C + " to ed-coordinator by email x1",
                        "PRE_ALERTED of " + C + " to ed-coordinator by webhook x1");
    }

    @Test
    void givenEveryNoticeReceivedWithRepeatsRefusalsAndAnotherRowsCase_thenNothingIsMissingOrUnexpected() {
        Inbox inbox = everythingDue();
        inbox.repeatLastWebhook(); // a delivery in flight at a crash, sent again under its key
        inbox.webhook(A, "HANDED_OVER", "police/g/channel", 503); // refused, then delivered (above)
        inbox.email("dddddddd-0000-4000-8000-000000000004", "ESCALATED", "sergeant.division-g@police.example");
        inbox.webhook("dddddddd-0000-4000-8000-000000000004", "ARRIVED", "ed/qeuh/coordinator", 200);

        WhoMustHear.Result result = WhoMustHear.compare(truth(), inbox.webhooks, inbox.mail);

        assertThat(result).isEqualTo(new WhoMustHear.Result(12, 12, 0, 0, 0, 0, List.of()));
        assertThat(result.clean()).isTrue();
    }

    @Test
    void givenTheLiveCasesMarks_thenEachIsDueOnceToItsLevelsRecipients_andAMarkOfAMonthOldCaseIsUnexpected() {
        String live = "eeeeeeee-0000-4000-8000-000000000005";
        String clock = "ffffffff-0000-4000-8000-000000000006";
        List<JsonNode> lines = new ArrayList<>(truth());
        lines.add(caseLine(live, "QEUH", "G", null, null));
        lines.add(caseLine(clock, "QEUH", "G", null, null));
        lines.add(json(Map.of("kind", "mark", "caseId", live, "type", "ESCALATED", "level", 1)));
        lines.add(json(Map.of("kind", "mark", "caseId", clock, "type", "LEGAL_CLOCK_WARNING", "minutes", 240)));
        Inbox inbox = everythingDue();
        inbox.email(live, "ESCALATED", "ed-nurse-in-charge.qeuh@nhs.example");
        inbox.email(live, "ESCALATED", "sergeant.division-g@police.example");
        inbox.both(clock, "LEGAL_CLOCK_WARNING", "police/g/inspector", "duty-inspector.division-g@police.example");
        inbox.both(clock, "LEGAL_CLOCK_WARNING", "ed/qeuh/site-manager", "ed-site-manager.qeuh@nhs.example");

        WhoMustHear.Result heard = WhoMustHear.compare(lines, inbox.webhooks, inbox.mail);

        assertThat(heard).isEqualTo(new WhoMustHear.Result(18, 18, 0, 0, 6, 0, List.of()));
        // Case A's marks were a month past when it arrived: recorded without notifying anyone.
        inbox.email(A, "ESCALATED", "sergeant.division-g@police.example");
        inbox.mail.remove(inbox.mail.size() - 2); // the clock case's site manager never heard by email
        WhoMustHear.Result wrong = WhoMustHear.compare(lines, inbox.webhooks, inbox.mail);
        assertThat(wrong.clean()).isFalse();
        assertThat(wrong.examples())
                .containsExactly(
                        "unexpected ESCALATED of " + A + " to police-sergeant by email",
                        "missing LEGAL_CLOCK_WARNING of " + clock + " to ed-site-manager by email");
    }

    @Test
    void givenANoticeNeverReceivedAndOneNobodyShouldHaveHad_thenEachIsCountedAndNamed() {
        Inbox inbox = new Inbox();
        inbox.both(A, "PRE_ALERTED", "ed/qeuh/coordinator", "ed-coordinator.qeuh@nhs.example");
        inbox.both(A, "ARRIVED", "ed/qeuh/coordinator", "ed-coordinator.qeuh@nhs.example");
        inbox.webhook(A, "HANDED_OVER", "police/g/channel", 200);
        // the undo of the handover never told the division; the diversion's receiving site never heard by email
        inbox.both(B, "DIVERTED", "ed/rah/coordinator", "ed-coordinator.rah@nhs.example");
        inbox.webhook(B, "DIVERTED", "ed/gri/coordinator", 200);
        inbox.both(C, "PRE_ALERTED", "ed/gri/coordinator", "ed-coordinator.gri@nhs.example");
        // the handover sent to the duty inspector as well, and the cleared case announced to the coordinator
        inbox.webhook(A, "HANDED_OVER", "police/g/inspector", 200);
        inbox.email(A, "CLEARED", "ed-coordinator.qeuh@nhs.example");
        // an address no routing makes
        inbox.email(A, "ARRIVED", "someone@example.org");

        WhoMustHear.Result result = WhoMustHear.compare(truth(), inbox.webhooks, inbox.mail);

        assertThat(result.missing()).isEqualTo(2);
        assertThat(result.unexpected()).isEqualTo(2);
        assertThat(result.unreadable()).isEqualTo(1);
        assertThat(result.clean()).isFalse();
        assertThat(result.examples())
                .containsExactly(
                        "unreadable email to someone@example.org (ARRIVED)",
                        "missing ACTION_UNDONE of " + A + " to division-channel by webhook",
                        "unexpected CLEARED of " + A + " to ed-coordinator by email",
                        "missing DIVERTED of " + B + " to ed-coordinator@destination by email",
                        "unexpected HANDED_OVER of " + A + " to duty-inspector by webhook");
    }

    @Test
    void givenNoticesMissingOrUnexpected_thenTheRowFailsAndTheTableSaysHowMany() {
        FaultSuite.Row clean = new FaultSuite.Row(
                        Fault.parse("none").get(0),
                        SimulatorResultTest.cleanResult(),
                        Duration.ZERO,
                        Optional.of(new Notifications.Count(12, 0, 0, 0, 0)),
                        Optional.of(new Reports(13, 0, 0)),
                        "",
                        List.of())
                .withLedger(EventLedger.judge(List.of()))
                .withRouting(WhoMustHear.compare(truth(), everythingDue().webhooks, everythingDue().mail));
        Inbox partly = everythingDue();
        partly.webhooks.remove(0);
        partly.webhook(A, "CLEARED", "ed/qeuh/coordinator", 200);
        FaultSuite.Row wrong = clean.withRouting(WhoMustHear.compare(truth(), partly.webhooks, partly.mail));
        FaultSuite.Options options = FaultSuite.Options.parse(new String[0], Path.of("."));

        assertThat(clean.clean()).isTrue();
        assertThat(wrong.clean()).isFalse();
        assertThat(ResultTable.markdown(List.of(clean, wrong), options))
                .contains("| 12 (0, 0); 0 of 12 due by the routing missing, 0 unexpected |")
                .contains("| 12 (0, 0); 1 of 12 due by the routing missing, 1 unexpected |");
    }

    @Test
    void givenADiversionWithoutADestination_thenOnlyTheCaseOwnSiteHears() {
        List<JsonNode> truth =
                List.of(submission(B, "e10", "DIVERTED", "APPLIED", null), caseLine(B, "RAH", "K", null, null));

        assertThat(WhoMustHear.expected(truth).keySet())
                .extracting(Object::toString)
                .containsExactlyInAnyOrder(
                        "DIVERTED of " + B + " to ed-coordinator by email",
                        "DIVERTED of " + B + " to ed-coordinator by webhook");
    }

    private static JsonNode submission(String caseId, String eventId, String type, String verdict, String undoes) {
        ObjectNode line = JSON.createObjectNode();
        line.put("kind", "submission");
        line.put("caseId", caseId);
        line.put("eventId", eventId);
        line.put("type", type);
        line.put("expectVerdict", verdict);
        line.put("undoes", undoes);
        return line;
    }

    private static JsonNode caseLine(String caseId, String site, String division, String divertedTo, String from) {
        ObjectNode line = JSON.createObjectNode();
        line.put("kind", "case");
        line.put("caseId", caseId);
        line.put("opened", true);
        line.put("siteCode", site);
        line.put("division", division);
        line.put("divertedTo", divertedTo);
        line.put("linkedFrom", from);
        return line;
    }

    private static JsonNode json(Map<String, Object> map) {
        return JSON.valueToTree(map);
    }

    /** The dev inbox's JSON lists, as {@code GET /api/webhooks} and {@code GET /api/mail} give them. */
    private static final class Inbox {
        final ArrayNode webhooks = JSON.createArrayNode();
        final ArrayNode mail = JSON.createArrayNode();
        private int keys;

        void both(String caseId, String type, String path, String to) {
            webhook(caseId, type, path, 200);
            email(caseId, type, to);
        }

        void webhook(String caseId, String type, String path, int status) {
            ObjectNode webhook = webhooks.addObject();
            webhook.put("path", "/webhooks/" + path);
            webhook.put("answeredStatus", status);
            webhook.putObject("headers").putArray("idempotency-key").add("key-" + ++keys);
            webhook.putObject("json").put("caseId", caseId).put("eventType", type);
        }

        void repeatLastWebhook() {
            webhooks.add(webhooks.get(webhooks.size() - 1).deepCopy());
        }

        void email(String caseId, String type, String to) {
            String human = type.charAt(0) + type.substring(1).toLowerCase().replace('_', ' ');
            ObjectNode email = mail.addObject();
            email.put("messageId", "<m-" + ++keys + "@notification-service.transfer-of-care>");
            email.putArray("to").add(to);
            email.put(
                    "text",
                    human + " at SITE (case " + caseId.substring(0, 8) + ")\n\nCase: " + caseId.substring(0, 8)
                            + "\nEvent: " + human + "\nSite: SITE\nCase page: http://localhost:8080/cases/" + caseId
                            + "\nSign in to see the case.\n");
        }
    }
}
