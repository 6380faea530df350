package uk.transferofcare.notification.delivery;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.transferofcare.events.DeadLettersReplayed;
import uk.transferofcare.events.Topics;
import uk.transferofcare.notification.access.Reader;

/**
 * {@code POST /api/notifications/dlt/replay}, ADMIN only (the security configuration answers 401 without a token and
 * 403 for any other role): re-drives the dead-letter topic (see {@link DeadLetterReplay}) and records who asked, when
 * and what was re-driven as a {@link DeadLettersReplayed} on {@code notification-replays}. The answer waits for that
 * record to be acknowledged, so a replay that could not be audited answers 500.
 */
@RestController
class ReplayController {

    private static final Logger log = LoggerFactory.getLogger(ReplayController.class);

    private final DeadLetterReplay replay;
    private final KafkaTemplate<Object, Object> template;
    private final Clock clock;

    ReplayController(DeadLetterReplay replay, KafkaTemplate<Object, Object> template, Clock clock) {
        this.replay = replay;
        this.template = template;
        this.clock = clock;
    }

    @PostMapping(path = "/api/notifications/dlt/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    Answer replay(Authentication authentication) throws InterruptedException {
        Reader admin = Reader.of(authentication);
        DeadLetterReplay.Report report = replay.replay();
        String replayId = UUID.randomUUID().toString();
        DeadLettersReplayed audit = DeadLettersReplayed.newBuilder()
                .setReplayId(replayId)
                .setUserId(admin.userId())
                .setRole(admin.role())
                .setOrg(admin.org())
                .setFromTopic(report.from())
                .setToTopic(report.to())
                .setReplayed(report.replayed())
                .setAt(clock.instant())
                .build();
        try {
            template.send(Topics.NOTIFICATION_REPLAYS.name(), replayId, audit).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Replay " + replayId + " re-drove " + report.replayed() + " records but could not be recorded in "
                            + Topics.NOTIFICATION_REPLAYS.name(),
                    e);
        }
        log.info(
                "Replay {} by {} ({} of {}): {} records from {} to {}",
                replayId,
                admin.userId(),
                admin.role(),
                admin.org(),
                report.replayed(),
                report.from(),
                report.to());
        return new Answer(replayId, report.from(), report.to(), report.replayed());
    }

    /** The answer: what was re-driven, and the id of its audit record. */
    record Answer(String replayId, String from, String to, int replayed) {}
}
