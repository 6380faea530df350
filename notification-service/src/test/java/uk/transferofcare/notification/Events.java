package uk.transferofcare.notification;

import java.time.Instant;
import java.util.UUID;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;

/** Handover events as the processor writes them, for tests: no personal data, random case ids. */
public final class Events {

    public static final Instant OCCURRED = Instant.parse("2026-11-25T14:05:00Z");

    private Events() {}

    public static HandoverEvent.Builder event(EventType type, String site, String division) {
        return HandoverEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setCaseId(UUID.randomUUID().toString())
                .setSequence(1)
                .setType(type)
                .setOccurredAt(OCCURRED)
                .setRecordedAt(OCCURRED.plusSeconds(3))
                .setActor(Actor.newBuilder()
                        .setUserId(
                                type == EventType.ESCALATED || type == EventType.LEGAL_CLOCK_WARNING
                                        ? "processor"
                                        : "PC1234")
                        .setRole(
                                type == EventType.ESCALATED || type == EventType.LEGAL_CLOCK_WARNING
                                        ? ActorRole.SYSTEM
                                        : ActorRole.OFFICER)
                        .setOrg(division == null ? "G" : division)
                        .build())
                .setSource(Source.newBuilder()
                        .setChannel(SourceChannel.OFFICER_APP)
                        .build())
                .setDetails(SubmissionDetails.newBuilder().setSiteCode(site).build())
                .setState(CaseState.ARRIVED)
                .setSiteCode(site)
                .setPoliceDivision(division)
                .setNotifyRecipients(true);
    }

    public static HandoverEvent preAlerted(String site, String division) {
        return event(EventType.PRE_ALERTED, site, division)
                .setState(CaseState.PRE_ALERTED)
                .build();
    }

    public static HandoverEvent escalated(String site, String division, int level, int thresholdMinutes) {
        return event(EventType.ESCALATED, site, division)
                .setEscalationLevel(level)
                .setThresholdMinutes(thresholdMinutes)
                .build();
    }
}
