package uk.transferofcare.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.wire.DeliveryTask;

/**
 * Renders a delivery task into what the recipient reads. Only the case reference (the first 8 characters of the random
 * case id), site, division, event, times in the configured zone (Europe/London), level, threshold, deadline and a link
 * to the case page of handover-api ({@code <notification.public-base-url>/cases/<caseId>}). The link is the way to
 * the rest: the page shows nothing until the reader signs in, and then only what their role and organisation may see.
 *
 * <p>Never in a message: a name, address or date of birth (none are in the task), the local reference (an incident
 * number ties the message to a person for anyone who reads the mailbox or the receiver's logs) or any free text
 * (notes, reasons). A task written before this rule may still carry a local reference: it is ignored.
 */
@Component
class MessageRenderer {

    /** Under the link: where the rest of the case is, and that it needs a sign-in. */
    static final String SIGN_IN = "Sign in to see the case's reference, notes and timeline.";

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm zzz", Locale.UK);

    private final String baseUrl;
    private final ZoneId zone;

    MessageRenderer(NotificationProperties properties) {
        this.baseUrl = properties.publicBaseUrl().toString().replaceAll("/+$", "");
        this.zone = properties.timeZone();
    }

    Message render(DeliveryTask task) {
        String reference = reference(task);
        String site = task.getSiteCode();
        String subject = switch (task.getEventType()) {
            case "PRE_ALERTED" -> "Pre-alert: police bringing a person to " + site;
            case "ARRIVED" -> "Arrived: police with a person at " + site;
            case "ESCALATED" ->
                "Escalation level " + task.getEscalationLevel() + ": officers waiting over "
                        + task.getThresholdMinutes() + " min at " + site;
            case "LEGAL_CLOCK_WARNING" ->
                "Legal clock warning at " + site + ": expires " + time(task.getLegalClockDeadline());
            case "HANDED_OVER" -> "Handed over at " + site + ": officers can be released";
            case "ACTION_UNDONE" -> undoSubject(task.getWithdrawnPoint(), site);
            case "ABSCONDED" -> "Absconded from " + site + " before handover: missing-person risk";
            case "DIVERTED" ->
                task.getDestinationSiteCode() == null
                        ? "Diverted: police not bringing the person to " + site
                        : "Diverted: police taking the person to " + task.getDestinationSiteCode() + " instead of "
                                + site;
            default -> humanType(task.getEventType()) + " at " + site;
        };
        subject = subject + " (case " + reference + ")";
        String link = baseUrl + "/cases/" + UriUtils.encodePathSegment(task.getCaseId(), StandardCharsets.UTF_8);

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Case", reference});
        rows.add(new String[] {"Event", humanType(task.getEventType())});
        rows.add(new String[] {"Site", site});
        if (task.getDestinationSiteCode() != null) {
            rows.add(new String[] {"Taken instead to", task.getDestinationSiteCode()});
        }
        if (task.getPoliceDivision() != null) {
            rows.add(new String[] {"Police division", task.getPoliceDivision()});
        }
        rows.add(new String[] {"When", time(task.getOccurredAt())});
        if (task.getEscalationLevel() != null) {
            rows.add(new String[] {"Escalation level", task.getEscalationLevel().toString()});
        }
        if (task.getThresholdMinutes() != null) {
            rows.add(new String[] {
                "Threshold",
                task.getThresholdMinutes()
                        + ("LEGAL_CLOCK_WARNING".equals(task.getEventType())
                                ? " minutes before the deadline"
                                : " minutes after arrival")
            });
        }
        if (task.getLegalClockDeadline() != null) {
            rows.add(new String[] {"Legal clock deadline", time(task.getLegalClockDeadline())});
        }
        if (task.getWithdrawnPoint() != null) {
            rows.add(new String[] {
                "Withdrawn",
                humanType(task.getWithdrawnPoint())
                        + (task.getWithdrawnAt() == null ? "" : " recorded at " + time(task.getWithdrawnAt()))
            });
        }

        StringBuilder text = new StringBuilder(subject).append("\n\n");
        rows.forEach(r -> text.append(r[0]).append(": ").append(r[1]).append('\n'));
        text.append("Case page: ").append(link).append("\n");
        text.append(SIGN_IN).append("\n\n");
        text.append("Notification ")
                .append(task.getNotificationId())
                .append(". Times are ")
                .append(zone.getId())
                .append(". This message holds no personal data.\n");

        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><body>")
                .append("<h1 style=\"font-size:1.2em\">")
                .append(esc(subject))
                .append("</h1><table>");
        rows.forEach(r -> html.append("<tr><th scope=\"row\" style=\"text-align:left\">")
                .append(esc(r[0]))
                .append("</th><td>")
                .append(esc(r[1]))
                .append("</td></tr>"));
        html.append("</table><p><a href=\"")
                .append(esc(link))
                .append("\">Open the case</a></p><p>")
                .append(esc(SIGN_IN))
                .append("</p><p style=\"color:#555\">Notification ")
                .append(esc(task.getNotificationId()))
                .append(". Times are ")
                .append(esc(zone.getId()))
                .append(".</p></body></html>");

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("notificationId", task.getNotificationId());
        fields.put("eventId", task.getEventId());
        fields.put("eventType", task.getEventType());
        fields.put("caseId", task.getCaseId());
        fields.put("caseReference", reference);
        fields.put("siteCode", site);
        fields.put("policeDivision", task.getPoliceDivision());
        fields.put("escalationLevel", task.getEscalationLevel());
        fields.put("thresholdMinutes", task.getThresholdMinutes());
        fields.put("legalClockDeadline", iso(task.getLegalClockDeadline()));
        if (task.getWithdrawnPoint() != null) {
            fields.put("withdrawnPoint", task.getWithdrawnPoint());
            fields.put("withdrawnAt", iso(task.getWithdrawnAt()));
        }
        fields.put("occurredAt", iso(task.getOccurredAt()));
        fields.put("recipient", task.getRecipient());
        fields.put("summary", subject);
        fields.put("caseUrl", link);
        return new Message(subject, text.toString(), html.toString(), fields);
    }

    /** The short case id: never the local reference. */
    static String reference(DeliveryTask task) {
        return task.getCaseId().length() > 8 ? task.getCaseId().substring(0, 8) : task.getCaseId();
    }

    private String time(Instant instant) {
        return instant == null ? "unknown" : HUMAN.format(instant.atZone(zone));
    }

    private String iso(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone));
    }

    /**
     * An undo's subject: a withdrawn HANDED_OVER tells the division that heard "officers can be released" that the
     * handover no longer stands.
     */
    private static String undoSubject(String withdrawn, String site) {
        if ("HANDED_OVER".equals(withdrawn)) {
            return "Handover withdrawn at " + site + ": not handed over yet, officers stay until it is recorded again";
        }
        return withdrawn == null ? "Action undone at " + site : humanType(withdrawn) + " withdrawn at " + site;
    }

    private static String humanType(String type) {
        String lower = type.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s);
    }
}
