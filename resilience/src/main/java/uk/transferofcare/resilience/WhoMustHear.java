package uk.transferofcare.resilience;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An oracle of who must hear about which event, apart from the notification service: it reads what the simulator meant
 * to happen (its truth file: every submission with the verdict the rules give it, every case with its site and the case
 * its diversion opened) and the routing issue 5 and the domain reference give the partnership, written here again, not
 * read from the service's configuration. Each notice is a case, an event type, a recipient role and a channel; it
 * holds them against what the receivers got (after collapsing a delivery repeated under the same key), in both
 * directions: a notice nobody received is <b>missing</b>, a notice received that the routing does not give (or more
 * often than it gives) is <b>unexpected</b>.
 *
 * <p>The recipient of a received notification is read from its address, as a receiver sees it: the webhook's path
 * ({@code /ed/{site}/coordinator}, {@code /ed/{site}/site-manager}, {@code /police/{division}/inspector},
 * {@code /police/{division}/channel}) or the email's mailbox ({@code ed-coordinator.{site}@nhs.example},
 * {@code sergeant.division-{division}@police.example}, ...); the event and case from the webhook's JSON, or the email's
 * "Event:" line and case link.
 *
 * <p>ESCALATED and LEGAL_CLOCK_WARNING are marks the processor fires on its own clock. The simulator's cases are a
 * month old, so each of their marks is recorded without notifying anyone (past the processor's 6 h horizon): none is
 * due for them. The marks that must notify are those of the suite's own live cases ({@link LiveCases}), given as
 * {@code "kind":"mark"} lines (case, type, level or minutes before the deadline); each is due once to the recipients
 * the routing gives its level. Any other escalation or warning received is unexpected.
 */
final class WhoMustHear {

    static final String EMAIL = "EMAIL";
    static final String WEBHOOK = "WEBHOOK";
    /** The ED coordinator of a diversion's receiving site, told apart from the coordinator of the case's own site. */
    static final String AT_DESTINATION = "@destination";

    private static final Set<String> MARKS = Set.of("ESCALATED", "LEGAL_CLOCK_WARNING");

    /** The marks' routing: escalation level (0 for a legal-clock warning) → recipient → channels. */
    private static final Map<Integer, Map<String, List<String>>> MARK_ROUTES = Map.of(
            1, Map.of("ed-nurse-in-charge", List.of(EMAIL), "police-sergeant", List.of(EMAIL)),
            2, Map.of("duty-inspector", List.of(EMAIL, WEBHOOK), "ed-site-manager", List.of(EMAIL, WEBHOOK)),
            3, Map.of("nhs-strategic-lead", List.of(EMAIL), "police-strategic-lead", List.of(EMAIL)),
            0, Map.of("duty-inspector", List.of(EMAIL, WEBHOOK), "ed-site-manager", List.of(EMAIL, WEBHOOK)));

    /**
     * The routing: event type → recipient → channels. PRE_ALERTED and ARRIVED tell the site's ED coordinator;
     * HANDED_OVER (and its undo) the submitting officer's division channel; ABSCONDED the division's duty inspector (a
     * missing-person risk); DIVERTED the coordinators of the receiving site and of the case's own site.
     */
    private static final Map<String, Map<String, List<String>>> ROUTES = Map.of(
            "PRE_ALERTED", Map.of("ed-coordinator", List.of(EMAIL, WEBHOOK)),
            "ARRIVED", Map.of("ed-coordinator", List.of(EMAIL, WEBHOOK)),
            "HANDED_OVER", Map.of("division-channel", List.of(WEBHOOK)),
            "ACTION_UNDONE", Map.of("division-channel", List.of(WEBHOOK)),
            "ABSCONDED", Map.of("duty-inspector", List.of(EMAIL, WEBHOOK)),
            "DIVERTED",
                    Map.of(
                            "ed-coordinator",
                            List.of(EMAIL, WEBHOOK),
                            "ed-coordinator" + AT_DESTINATION,
                            List.of(EMAIL, WEBHOOK)));

    /** Webhook paths (after the sink's prefix) and email mailboxes of each recipient role; group 1 is the site or division. */
    private static final Map<Pattern, String> WEBHOOK_PATHS = Map.of(
            Pattern.compile(".*/ed/([a-z0-9-]+)/coordinator"), "ed-coordinator",
            Pattern.compile(".*/ed/([a-z0-9-]+)/site-manager"), "ed-site-manager",
            Pattern.compile(".*/police/([a-z0-9-]+)/inspector"), "duty-inspector",
            Pattern.compile(".*/police/([a-z0-9-]+)/channel"), "division-channel");

    private static final Map<Pattern, String> MAILBOXES = Map.of(
            Pattern.compile("ed-coordinator\\.([a-z0-9-]+)@nhs\\.example"), "ed-coordinator",
            Pattern.compile("ed-nurse-in-charge\\.([a-z0-9-]+)@nhs\\.example"), "ed-nurse-in-charge",
            Pattern.compile("ed-site-manager\\.([a-z0-9-]+)@nhs\\.example"), "ed-site-manager",
            Pattern.compile("strategic-on-call\\.([a-z0-9-]+)@nhs\\.example"), "nhs-strategic-lead",
            Pattern.compile("sergeant\\.division-([a-z0-9-]+)@police\\.example"), "police-sergeant",
            Pattern.compile("duty-inspector\\.division-([a-z0-9-]+)@police\\.example"), "duty-inspector",
            Pattern.compile("strategic-on-call\\.division-([a-z0-9-]+)@police\\.example"), "police-strategic-lead");

    private static final Pattern EVENT_LINE = Pattern.compile("(?m)^Event: (.+)$");
    private static final Pattern CASE_LINK = Pattern.compile("/cases/([^\\s/]+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One notice: a recipient role told about a case's event on one channel. */
    record Notice(String caseId, String eventType, String recipient, String channel) {
        @Override
        public String toString() {
            return eventType + " of " + caseId + " to " + recipient + " by " + channel.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One row's comparison.
     *
     * @param expected notices the routing gives for what the truth says was applied
     * @param heard distinct notices received for the row's cases, of the modelled event types
     * @param missing expected and never received
     * @param unexpected received, and not given by the routing (or more often than it gives)
     * @param marks distinct notices received for ESCALATED and LEGAL_CLOCK_WARNING (judged with the rest)
     * @param unreadable notifications of the row's cases whose recipient or event could not be read (judged as wrong)
     * @param examples up to five of the notices behind missing, unexpected and unreadable
     */
    record Result(
            long expected,
            long heard,
            long missing,
            long unexpected,
            long marks,
            long unreadable,
            List<String> examples) {

        boolean clean() {
            return missing == 0 && unexpected == 0 && unreadable == 0;
        }

        @Override
        public String toString() {
            return expected + " due by the routing, " + heard + " heard; " + missing + " missing, " + unexpected
                    + " unexpected" + (unreadable == 0 ? "" : ", " + unreadable + " unreadable") + " (" + marks
                    + " of those heard escalations and legal-clock warnings)"
                    + (examples.isEmpty() ? "" : ": e.g. " + String.join("; ", examples));
        }
    }

    private WhoMustHear() {}

    /** The truth file's lines, parsed. */
    static List<JsonNode> read(Path truth) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(truth, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** What the routing gives for the truth: every notice, with how many times it is due. */
    static Map<Notice, Integer> expected(List<JsonNode> truth) {
        Map<String, JsonNode> cases = cases(truth);
        Map<String, String> typeOfEvent = new HashMap<>();
        for (JsonNode line : truth) {
            if ("submission".equals(line.path("kind").asString(""))) {
                typeOfEvent.putIfAbsent(
                        line.path("eventId").asString(""), line.path("type").asString(""));
            }
        }
        Map<Notice, Integer> due = new HashMap<>();
        Set<String> applied = new HashSet<>();
        for (JsonNode line : truth) {
            if (!"submission".equals(line.path("kind").asString(""))
                    || !"APPLIED".equals(line.path("expectVerdict").asString(""))
                    // a re-send of an eventId gets the first verdict again: one event
                    || !applied.add(line.path("eventId").asString(""))) {
                continue;
            }
            String type = line.path("type").asString("");
            if (type.equals("ACTION_UNDONE")
                    && !"HANDED_OVER".equals(typeOfEvent.get(line.path("undoes").asString("")))) {
                continue; // only a withdrawn handover is news to anyone: the division heard "officers can be released"
            }
            String caseId = line.path("caseId").asString("");
            boolean destinationIsOwnSite = type.equals("DIVERTED") && sameSiteAsDestination(cases, caseId);
            boolean noDestination =
                    type.equals("DIVERTED") && destinationSite(cases, caseId).isEmpty();
            for (Map.Entry<String, List<String>> route :
                    ROUTES.getOrDefault(type, Map.of()).entrySet()) {
                String recipient = route.getKey();
                if (noDestination && recipient.endsWith(AT_DESTINATION)) {
                    continue; // "not bringing the person here": no receiving site to tell
                }
                if (destinationIsOwnSite) {
                    // one address for both routes: a receiver cannot tell them apart, so neither does the oracle
                    recipient = "ed-coordinator" + AT_DESTINATION;
                }
                for (String channel : route.getValue()) {
                    due.merge(new Notice(caseId, type, recipient, channel), 1, Integer::sum);
                }
            }
        }
        // The marks that must notify (the live cases'): each once to its level's recipients.
        for (JsonNode line : truth) {
            if ("mark".equals(line.path("kind").asString(""))) {
                String type = line.path("type").asString("");
                int level = type.equals("ESCALATED") ? line.path("level").asInt() : 0;
                for (Map.Entry<String, List<String>> route :
                        MARK_ROUTES.getOrDefault(level, Map.of()).entrySet()) {
                    for (String channel : route.getValue()) {
                        due.merge(
                                new Notice(line.path("caseId").asString(""), type, route.getKey(), channel),
                                1,
                                Integer::sum);
                    }
                }
            }
        }
        // A diversion opens a case at the receiving site with a pre-alert of the processor's own: its coordinator
        // hears.
        for (JsonNode c : cases.values()) {
            if (!c.path("linkedFrom").isNull()
                    && !c.path("linkedFrom").isMissingNode()
                    && c.path("opened").asBoolean(true)) {
                for (String channel : ROUTES.get("PRE_ALERTED").get("ed-coordinator")) {
                    due.merge(
                            new Notice(c.path("caseId").asString(), "PRE_ALERTED", "ed-coordinator", channel),
                            1,
                            Integer::sum);
                }
            }
        }
        return due;
    }

    /**
     * What the receivers got for the truth's cases, each notification once (webhooks answered 2xx, by idempotency key;
     * emails by Message-ID), with the unreadable ones counted apart.
     */
    static Heard heard(List<JsonNode> truth, JsonNode webhooks, JsonNode mail) {
        Map<String, JsonNode> cases = cases(truth);
        Heard heard = new Heard();
        Set<String> keys = new HashSet<>();
        for (JsonNode webhook : webhooks) {
            if (webhook.path("answeredStatus").asInt() / 100 != 2) {
                continue;
            }
            String key = webhook.path("headers").path("idempotency-key").path(0).asString("");
            JsonNode body = webhook.path("json");
            String caseId = body.path("caseId").asString("");
            if (!cases.containsKey(caseId) || !keys.add("webhook " + key)) {
                continue; // another row's, or a repeat of one already counted
            }
            String path = webhook.path("path").asString("");
            heard.add(
                    cases,
                    caseId,
                    body.path("eventType").asString(""),
                    recipient(WEBHOOK_PATHS, path),
                    WEBHOOK,
                    "webhook to " + path);
        }
        for (JsonNode email : mail) {
            String text = email.path("text").asString("");
            Matcher link = CASE_LINK.matcher(text);
            String caseId = link.find() ? URLDecoder.decode(link.group(1), StandardCharsets.UTF_8) : "";
            if (!cases.containsKey(caseId)
                    || !keys.add("mail " + email.path("messageId").asString(""))) {
                continue;
            }
            Matcher event = EVENT_LINE.matcher(text);
            String type = event.find()
                    ? event.group(1).strip().toUpperCase(Locale.ROOT).replace(' ', '_')
                    : "";
            String to = email.path("to").path(0).asString("");
            heard.add(cases, caseId, type, recipient(MAILBOXES, to.toLowerCase(Locale.ROOT)), EMAIL, "email to " + to);
        }
        return heard;
    }

    /** The comparison of one row. */
    static Result compare(List<JsonNode> truth, JsonNode webhooks, JsonNode mail) {
        Map<Notice, Integer> due = expected(truth);
        Heard heard = heard(truth, webhooks, mail);
        long missing = 0;
        long unexpected = 0;
        List<String> examples = new ArrayList<>(heard.unreadableExamples);
        Set<Notice> all = new TreeSet<>(Comparator.comparing(Notice::toString));
        all.addAll(due.keySet());
        all.addAll(heard.notices.keySet());
        for (Notice notice : all) {
            int want = due.getOrDefault(notice, 0);
            int got = heard.notices.getOrDefault(notice, 0);
            if (got < want) {
                missing += want - got;
                if (examples.size() < 5) {
                    examples.add("missing " + notice);
                }
            } else if (got > want) {
                unexpected += got - want;
                if (examples.size() < 5) {
                    examples.add("unexpected " + notice);
                }
            }
        }
        long expected = due.values().stream().mapToLong(Integer::longValue).sum();
        long received =
                heard.notices.values().stream().mapToLong(Integer::longValue).sum();
        return new Result(
                expected, received, missing, unexpected, heard.marks, heard.unreadable, List.copyOf(examples));
    }

    /** The comparison of one row and its live cases' lines, reading the receivers of the dev inbox. */
    static Result compare(Path truth, List<JsonNode> live, Notifications inbox)
            throws IOException, InterruptedException {
        List<JsonNode> lines = new ArrayList<>(read(truth));
        lines.addAll(live);
        return compare(lines, inbox.webhooks(), inbox.mail());
    }

    /** The received notices of one row. */
    static final class Heard {
        final Map<Notice, Integer> notices = new HashMap<>();
        long marks;
        long unreadable;
        final List<String> unreadableExamples = new ArrayList<>();

        private void add(
                Map<String, JsonNode> cases,
                String caseId,
                String type,
                Optional<Addressed> addressed,
                String channel,
                String what) {
            if (addressed.isEmpty() || type.isEmpty()) {
                unreadable++;
                if (unreadableExamples.size() < 5) {
                    unreadableExamples.add("unreadable " + what + " (" + (type.isEmpty() ? "no event" : type) + ")");
                }
                return;
            }
            String recipient = addressed.get().role();
            if (type.equals("DIVERTED")
                    && recipient.equals("ed-coordinator")
                    && addressed.get().place().equalsIgnoreCase(destinationSite(cases, caseId))) {
                recipient += AT_DESTINATION;
            }
            if (MARKS.contains(type)) {
                marks++;
            }
            notices.merge(new Notice(caseId, type, recipient, channel), 1, Integer::sum);
        }
    }

    /** A recipient role read from an address, and the site or division the address was made for. */
    record Addressed(String role, String place) {}

    private static Optional<Addressed> recipient(Map<Pattern, String> table, String address) {
        for (Map.Entry<Pattern, String> entry : table.entrySet()) {
            Matcher m = entry.getKey().matcher(address);
            if (m.matches()) {
                return Optional.of(new Addressed(entry.getValue(), m.group(1)));
            }
        }
        return Optional.empty();
    }

    private static Map<String, JsonNode> cases(List<JsonNode> truth) {
        Map<String, JsonNode> cases = new HashMap<>();
        for (JsonNode line : truth) {
            if ("case".equals(line.path("kind").asString(""))) {
                cases.put(line.path("caseId").asString(""), line);
            }
        }
        return cases;
    }

    /** The site a case's diversion took the person to: the site of the case it opened ("" when unknown). */
    private static String destinationSite(Map<String, JsonNode> cases, String caseId) {
        JsonNode c = cases.get(caseId);
        if (c == null) {
            return "";
        }
        JsonNode linked = cases.get(c.path("divertedTo").asString(""));
        return linked == null ? "" : linked.path("siteCode").asString("");
    }

    private static boolean sameSiteAsDestination(Map<String, JsonNode> cases, String caseId) {
        JsonNode c = cases.get(caseId);
        return c != null && c.path("siteCode").asString("").equalsIgnoreCase(destinationSite(cases, caseId));
    }
}
