package uk.transferofcare.api.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.DataQuality;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Intervals;
import uk.transferofcare.events.PointRecord;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionStatus;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.events.TimePoints;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.serde.AvroDeserializer;
import uk.transferofcare.testkit.PlatformInfrastructure;

/**
 * TEST-ONLY stand-in for handover-processor, for end-to-end browser tests until the real processor can run in this
 * module's tests: reads {@code handover-submissions} from the moment it starts and answers every submission with a
 * {@link SubmissionOutcome} and, when applied, a {@link CaseSnapshot}. It knows only the main path and the terminal
 * outcomes, checks nothing but duplicates and unknown cases, and must never be mistaken for the state machine.
 */
public final class FakeProcessor implements AutoCloseable {

    private final KafkaConsumer<String, Object> consumer;
    private final Map<String, CaseSnapshot> cases = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    private FakeProcessor() {
        PlatformInfrastructure infrastructure = PlatformInfrastructure.shared();
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-processor-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put("schema.registry.url", infrastructure.schemaRegistryUrl());
        config.put("specific.avro.reader", true);
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(config, false);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.SUBMISSIONS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::run, "fake-processor");
        thread.setDaemon(true);
    }

    /** Starts processing every submission made from now on. */
    public static FakeProcessor start() {
        FakeProcessor processor = new FakeProcessor();
        processor.thread.start();
        return processor;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.value() instanceof HandoverSubmission submission) {
                        handle(submission);
                    }
                }
            }
        } finally {
            consumer.close();
        }
    }

    private void handle(HandoverSubmission s) {
        if (!seen.add(s.getEventId())) {
            outcome(s, SubmissionStatus.DUPLICATE, "R1_DUPLICATE", "R1_DUPLICATE: already seen", null);
            return;
        }
        CaseSnapshot current = cases.get(s.getCaseId());
        EventType type = s.getType();
        if (current == null && type != EventType.PRE_ALERTED && type != EventType.ARRIVED) {
            outcome(s, SubmissionStatus.REJECTED, "UNKNOWN_CASE", "UNKNOWN_CASE: no such case", null);
            return;
        }
        Instant at = s.getOccurredAt();
        TimePoints.Builder points =
                current == null ? TimePoints.newBuilder() : TimePoints.newBuilder(current.getPoints());
        List<PointRecord> records = new ArrayList<>(current == null ? List.of() : current.getPointRecords());
        CaseState state = current == null ? CaseState.PRE_ALERTED : current.getState();
        TimePoint point = null;
        switch (type) {
            case PRE_ALERTED -> {
                points.setPreAlertedAt(at);
                point = TimePoint.PRE_ALERTED;
            }
            case ARRIVED -> {
                points.setArrivedAt(at);
                point = TimePoint.ARRIVED;
                state = furthest(state, CaseState.ARRIVED);
            }
            case ACKNOWLEDGED -> {
                points.setAcknowledgedAt(at);
                point = TimePoint.ACKNOWLEDGED;
                state = furthest(state, CaseState.ACKNOWLEDGED);
            }
            case HANDOVER_STARTED -> {
                points.setHandoverStartedAt(at);
                point = TimePoint.HANDOVER_STARTED;
                state = furthest(state, CaseState.HANDOVER_STARTED);
            }
            case HANDED_OVER -> {
                points.setHandedOverAt(at);
                if (!points.hasAcknowledgedAt() || points.getAcknowledgedAt() == null) {
                    points.setAcknowledgedAt(at);
                }
                point = TimePoint.HANDED_OVER;
                state = furthest(state, CaseState.HANDED_OVER);
            }
            case CLEARED -> {
                points.setClearedAt(at);
                point = TimePoint.CLEARED;
                state = furthest(state, CaseState.CLEARED);
            }
            case CANCELLED, DIVERTED, ABSCONDED, ENDED_WITHOUT_HANDOVER -> {
                points.setOutcomeAt(at);
                point = TimePoint.OUTCOME;
                state = CaseState.valueOf(type.name());
            }
            default -> {
                // side events: recorded without a time point
            }
        }
        if (point != null) {
            records.add(
                    new PointRecord(point, at, s.getEventId(), s.getReceivedAt(), s.getActor(), false, false, false));
        }
        long version = current == null ? 1 : current.getVersion() + 1;
        String site = current == null ? s.getDetails().getSiteCode() : current.getSiteCode();
        String division = current != null && current.getPoliceDivision() != null
                ? current.getPoliceDivision()
                : s.getActor().getRole() == ActorRole.OFFICER ? s.getActor().getOrg() : null;
        boolean open = switch (state) {
            case PRE_ALERTED, ARRIVED, ACKNOWLEDGED, HANDOVER_STARTED, HANDED_OVER -> true;
            default -> false;
        };
        CaseSnapshot snapshot = CaseSnapshot.newBuilder()
                .setCaseId(s.getCaseId())
                .setVersion(version)
                .setState(state)
                .setOpen(open)
                .setSiteCode(site)
                .setPoliceDivision(division)
                .setLegalBasis(current == null ? s.getDetails().getLegalBasis() : current.getLegalBasis())
                .setOfficerCount(current == null ? s.getDetails().getOfficerCount() : current.getOfficerCount())
                .setLocalReference(current == null ? s.getDetails().getLocalReference() : current.getLocalReference())
                .setPoints(points.build())
                .setPointRecords(records)
                .setIntervals(Intervals.newBuilder().build())
                .setDataQuality(DataQuality.newBuilder().build())
                .setOpenedAt(current == null ? s.getReceivedAt() : current.getOpenedAt())
                .setUpdatedAt(s.getReceivedAt())
                .setLastEventId(s.getEventId())
                .build();
        cases.put(s.getCaseId(), snapshot);
        TestProducer.send(Topics.STATE.name(), s.getCaseId(), snapshot);
        outcome(s, SubmissionStatus.APPLIED, null, null, version);
    }

    private static CaseState furthest(CaseState current, CaseState next) {
        return next.ordinal() > current.ordinal() && current.ordinal() <= CaseState.CLEARED.ordinal() ? next : current;
    }

    private void outcome(HandoverSubmission s, SubmissionStatus status, String rule, String message, Long sequence) {
        TestProducer.send(
                Topics.OUTCOMES.name(),
                s.getCaseId(),
                SubmissionOutcome.newBuilder()
                        .setEventId(s.getEventId())
                        .setCaseId(s.getCaseId())
                        .setType(s.getType())
                        .setStatus(status)
                        .setRule(rule)
                        .setMessage(message)
                        .setSequence(sequence)
                        .setSiteCode(s.getDetails().getSiteCode())
                        .setActor(s.getActor())
                        .setReceivedAt(s.getReceivedAt())
                        .setProcessedAt(Instant.now())
                        .build());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
