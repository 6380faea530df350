package uk.transferofcare.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.wire.DeliveryTask;

class MessageRendererTest {

    private final MessageRenderer renderer = new MessageRenderer(new Binder(
                    new MapConfigurationPropertySource(Map.of("notification.public-base-url", "https://toc.example/")))
            .bindOrCreate("notification", NotificationProperties.class));

    private static DeliveryTask.Builder task() {
        return DeliveryTask.newBuilder()
                .setNotificationId("0d9e6a59-0000-3000-8000-000000000001")
                .setEventId("e-1")
                .setCaseId("3fa85f64-5717-4562-b3fc-2c963f66afa6")
                .setSequence(4)
                .setEventType("ESCALATED")
                .setSiteCode("QEUH")
                .setPoliceDivision("G")
                .setEscalationLevel(2)
                .setThresholdMinutes(120)
                .setOccurredAt(Instant.parse("2026-07-01T13:05:00Z"))
                .setRecordedAt(Instant.parse("2026-07-01T13:05:01Z"))
                .setRecipient("duty-inspector")
                .setChannel("EMAIL")
                .setPlannedAt(Instant.parse("2026-07-01T13:05:02Z"));
    }

    @Test
    void givenASummerEscalation_whenRendered_thenTimesAreBritishSummerTimeAndTheMessageHoldsOnlyCaseFacts() {
        Message message = renderer.render(task().build());

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("notificationId", "0d9e6a59-0000-3000-8000-000000000001");
        fields.put("eventId", "e-1");
        fields.put("eventType", "ESCALATED");
        fields.put("caseId", "3fa85f64-5717-4562-b3fc-2c963f66afa6");
        fields.put("caseReference", "3fa85f64");
        fields.put("siteCode", "QEUH");
        fields.put("policeDivision", "G");
        fields.put("escalationLevel", 2);
        fields.put("thresholdMinutes", 120);
        fields.put("legalClockDeadline", null);
        fields.put("occurredAt", "2026-07-01T14:05:00+01:00");
        fields.put("recipient", "duty-inspector");
        fields.put("summary", "Escalation level 2: officers waiting over 120 min at QEUH (case 3fa85f64)");
        fields.put("caseUrl", "https://toc.example/cases/3fa85f64-5717-4562-b3fc-2c963f66afa6");
        assertThat(message.subject())
                .isEqualTo("Escalation level 2: officers waiting over 120 min at QEUH (case 3fa85f64)");
        assertThat(message.text()).isEqualTo("""
                        Escalation level 2: officers waiting over 120 min at QEUH (case 3fa85f64)

                        Case: 3fa85f64
                        Event: Escalated
                        Site: QEUH
                        Police division: G
                        When: Wed 1 Jul 2026 14:05 BST
                        Escalation level: 2
                        Threshold: 120 minutes after arrival
                        Case page: https://toc.example/cases/3fa85f64-5717-4562-b3fc-2c963f66afa6
                        Sign in to see the case's reference, notes and timeline.

                        Notification 0d9e6a59-0000-3000-8000-000000000001. Times are Europe/London. \
                        This message holds no personal data.
                        """);
        assertThat(message.fields()).containsExactlyEntriesOf(fields);
    }

    @Test
    void givenAWinterLegalClockWarningWithALocalReference_whenRendered_thenGmtTimesShowAndTheReferenceDoesNot() {
        Message message = renderer.render(task().setEventType("LEGAL_CLOCK_WARNING")
                .setEscalationLevel(null)
                .setThresholdMinutes(60)
                .setLegalClockDeadline(Instant.parse("2026-12-01T09:30:00Z"))
                .setOccurredAt(Instant.parse("2026-12-01T08:30:00Z"))
                .setLocalReference("PS-20261201-0042")
                .build());

        assertThat(message.subject())
                .isEqualTo("Legal clock warning at QEUH: expires Tue 1 Dec 2026 09:30 GMT (case 3fa85f64)");
        assertThat(message.text())
                .contains("Threshold: 60 minutes before the deadline\n")
                .contains("Legal clock deadline: Tue 1 Dec 2026 09:30 GMT\n")
                .contains("Case page: https://toc.example/cases/3fa85f64-5717-4562-b3fc-2c963f66afa6\n");
        assertThat(message.html())
                .contains(
                        "<a href=\"https://toc.example/cases/3fa85f64-5717-4562-b3fc-2c963f66afa6\">Open the case</a>")
                .contains("Sign in to see the case&#39;s reference, notes and timeline.");
        assertThat(List.of(
                        message.subject(),
                        message.text(),
                        message.html(),
                        message.fields().toString()))
                .noneMatch(part -> part.contains("PS-20261201-0042") || part.contains("0042"));
        assertThat(message.fields()).doesNotContainKey("localReference");
    }

    @Test
    void givenACaseIdThatIsNotAUuid_whenRendered_thenTheLinkEscapesIt() {
        Message message = renderer.render(task().setCaseId("a b/../c?x").build());

        assertThat(message.fields()).containsEntry("caseUrl", "https://toc.example/cases/a%20b%2F..%2Fc%3Fx");
    }

    @Test
    void givenADiversion_whenRendered_thenItNamesBothSitesAndLinksTheCase() {
        Message message = renderer.render(task().setEventType("DIVERTED")
                .setEscalationLevel(null)
                .setThresholdMinutes(null)
                .setDestinationSiteCode("RIE")
                .setAddressSiteCode("RIE")
                .build());

        assertThat(message.subject())
                .isEqualTo("Diverted: police taking the person to RIE instead of QEUH (case 3fa85f64)");
        assertThat(message.text()).contains("Taken instead to: RIE").contains("https://toc.example/cases/");
    }

    @Test
    void givenAnAbscond_whenRendered_thenItSaysMissingPersonRisk() {
        Message message = renderer.render(task().setEventType("ABSCONDED")
                .setEscalationLevel(null)
                .setThresholdMinutes(null)
                .build());

        assertThat(message.subject())
                .isEqualTo("Absconded from QEUH before handover: missing-person risk (case 3fa85f64)");
        assertThat(message.text()).doesNotContain("Taken instead to");
    }

    @Test
    void givenAnUndoneHandover_whenRendered_thenTheDivisionReadsThatItNoLongerStandsAndWhenItHadBeenRecorded() {
        Message message = renderer.render(task().setEventType("ACTION_UNDONE")
                .setEscalationLevel(null)
                .setThresholdMinutes(null)
                .setRecipient("division-channel")
                .setChannel("WEBHOOK")
                .setWithdrawnPoint("HANDED_OVER")
                .setWithdrawnAt(Instant.parse("2026-07-01T13:01:00Z"))
                .build());

        assertThat(message.subject())
                .isEqualTo("Handover withdrawn at QEUH: not handed over yet, officers stay until it is recorded again"
                        + " (case 3fa85f64)");
        assertThat(message.text()).contains("Withdrawn: Handed over recorded at Wed 1 Jul 2026 14:01 BST");
        assertThat(message.fields())
                .containsEntry("withdrawnPoint", "HANDED_OVER")
                .containsEntry("withdrawnAt", "2026-07-01T14:01:00+01:00");
    }

    @Test
    void givenAnUndoneAcknowledgement_whenRendered_thenItNamesThePointWithdrawn() {
        Message message = renderer.render(task().setEventType("ACTION_UNDONE")
                .setEscalationLevel(null)
                .setThresholdMinutes(null)
                .setWithdrawnPoint("ACKNOWLEDGED")
                .build());

        assertThat(message.subject()).isEqualTo("Acknowledged withdrawn at QEUH (case 3fa85f64)");
        assertThat(message.text()).contains("Withdrawn: Acknowledged\n");
    }
}
