package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.stream.WireFixtures.T0;
import static uk.transferofcare.processor.stream.WireFixtures.arrive;
import static uk.transferofcare.processor.stream.WireFixtures.preAlert;
import static uk.transferofcare.processor.stream.WireFixtures.submit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.TimePoint;

/**
 * Repeat attendance through the real topology (both sub-topologies and the two internal topics, which the driver
 * feeds back): the flags of {@link RepeatAttendance} on snapshots and completed cases, whatever the order cases
 * arrive in, voided cases not counting, and the stores forgetting keys after 90 days of the driver's wall clock.
 */
class RepeatAttendanceTopologyTest {

    private static final String KEY_A = "a".repeat(64);
    private static final String KEY_B = "0123456789abcdef".repeat(4);
    /** The processor's wall clock: 100 days after T0, so every case here is history. */
    private static final Instant NOW = T0.plus(Duration.ofDays(100));

    private final TopologyHarness harness = new TopologyHarness(NOW);
    private final Map<String, CaseSnapshot> latest = new HashMap<>();
    private final Map<String, CompletedCase> latestCompleted = new HashMap<>();

    @AfterEach
    void close() {
        harness.close();
    }

    private static Instant day(double days) {
        return T0.plus(Duration.ofMinutes(Math.round(days * 24 * 60)));
    }

    /** Opens case {@code id} by an arrival at {@code at} with {@code key}, then clears it an hour later. */
    private void attend(String id, Instant at, String key) {
        harness.send(
                arrive(id, id + "-arrived", at).personKey(key).build(),
                submit(id, id + "-cleared", EventType.CLEARED, at.plus(Duration.ofHours(1)))
                        .build());
        collect();
    }

    private void collect() {
        TopologyHarness.Produced produced = harness.drain();
        produced.snapshots().forEach(s -> latest.put(s.getCaseId(), s));
        produced.completed().forEach(c -> latestCompleted.put(c.getCaseId(), c));
    }

    private List<Boolean> flags(String caseId) {
        CaseSnapshot snapshot = latest.get(caseId);
        CompletedCase completed = latestCompleted.get(caseId);
        assertThat(completed.getRepeatWithin30d()).isEqualTo(snapshot.getRepeatWithin30d());
        assertThat(completed.getRepeatWithin90d()).isEqualTo(snapshot.getRepeatWithin90d());
        return List.of(snapshot.getRepeatWithin30d(), snapshot.getRepeatWithin90d());
    }

    @Test
    void aSecondAttendanceWithinThirtyDaysIsARepeatAndTheFirstIsNot() {
        attend("c1", day(0), KEY_A);
        attend("c2", day(10), KEY_A);
        attend("c3", day(10), KEY_B); // another person on the same day

        assertThat(flags("c1")).containsExactly(false, false);
        assertThat(flags("c2")).containsExactly(true, true);
        assertThat(flags("c3")).containsExactly(false, false);
    }

    @Test
    void windowsAreWholeDaysOf24HoursInclusive() {
        attend("c1", day(0), KEY_A);
        attend("c2", day(30), KEY_A); // exactly 30 days after c1
        attend("c3", day(30 + 30 + 1), KEY_A); // 31 days after c2, 61 after c1
        attend("c4", day(99), KEY_B);

        assertThat(flags("c2")).containsExactly(true, true);
        assertThat(flags("c3")).containsExactly(false, true);
        assertThat(flags("c4")).containsExactly(false, false);
    }

    @Test
    void anEarlierAttendanceRecordedLateFlagsTheLaterCaseWithANewRecordOfTheSameVersion() {
        attend("later", day(20), KEY_A);
        CaseSnapshot before = latest.get("later");
        assertThat(flags("later")).containsExactly(false, false);

        attend("earlier", day(5), KEY_A);

        CaseSnapshot after = latest.get("later");
        assertThat(after.getVersion()).isEqualTo(before.getVersion());
        assertThat(flags("later")).containsExactly(true, true);
        assertThat(flags("earlier")).containsExactly(false, false);
        // Nothing else changed (Avro's equals cannot compare these records' logical types, their JSON can).
        assertThat(after.toString())
                .isEqualTo(before.toString()
                        .replace("\"repeatWithin30d\": false", "\"repeatWithin30d\": true")
                        .replace("\"repeatWithin90d\": false", "\"repeatWithin90d\": true"));
    }

    @Test
    void twoAttendancesAtTheSameInstantMakeExactlyOneRepeat() {
        attend("c-b", day(3), KEY_A);
        attend("c-a", day(3), KEY_A);

        assertThat(flags("c-a")).containsExactly(false, false);
        assertThat(flags("c-b")).containsExactly(true, true);
    }

    @Test
    void aCaseEnteredInErrorNoLongerCountsAndIsNoRepeatItself() {
        attend("c1", day(0), KEY_A);
        attend("c2", day(7), KEY_A);
        assertThat(flags("c2")).containsExactly(true, true);

        harness.send(submit("c1", "c1-void", EventType.ENTERED_IN_ERROR, day(8))
                .reason("wrong person")
                .build());
        collect();

        assertThat(latestCompleted.get("c1").getOutcome()).isEqualTo(CaseState.ENTERED_IN_ERROR);
        assertThat(flags("c2")).containsExactly(false, false);
        assertThat(flags("c1")).containsExactly(false, false);
    }

    @Test
    void aCorrectedArrivalMovesTheAttendance() {
        attend("c1", day(0), KEY_A);
        attend("c2", day(40), KEY_A);
        assertThat(flags("c2")).containsExactly(false, true);

        harness.send(submit("c2", "c2-fix", EventType.CORRECTED, day(41))
                .correction(TimePoint.ARRIVED, day(25), "typed the wrong date")
                .build());
        collect();

        assertThat(flags("c2")).containsExactly(true, true);
    }

    @Test
    void aPreAlertAloneIsNoAttendanceUntilTheArrival() {
        attend("c1", day(0), KEY_A);
        harness.send(preAlert("c2", "c2-pre", day(2)).personKey(KEY_A).build());
        collect();
        assertThat(latest.get("c2").getRepeatWithin30d()).isFalse();

        harness.send(arrive("c2", "c2-arrived", day(2).plusSeconds(600)).build());
        collect();

        assertThat(latest.get("c2").getRepeatWithin30d()).isTrue();
        assertThat(latest.get("c2").getRepeatWithin90d()).isTrue();
    }

    @Test
    void aCaseADiversionOpenedIsNoRepeatOfTheCaseItCameFrom() {
        attend("earlier", day(0), KEY_A);
        harness.send(
                arrive("first-site", "fs-arrived", day(10)).personKey(KEY_A).build());
        harness.send(submit("first-site", "fs-diverted", EventType.DIVERTED, day(10).plusSeconds(1200))
                .destination(WireFixtures.OTHER_SITE)
                .reason("no bed")
                .build());
        TopologyHarness.Produced produced = harness.drain();
        produced.snapshots().forEach(s -> latest.put(s.getCaseId(), s));
        String linked = produced.linked().get(0).getCaseId();
        harness.send(arrive(linked, "linked-arrived", day(10).plusSeconds(3000))
                .siteCode(null)
                .personKey(KEY_A)
                .build());
        collect();

        assertThat(latest.get(linked).getLinkedFromCaseId()).isEqualTo("first-site");
        // Both are repeats of "earlier" (10 days before), and the linked case is not one of "first-site".
        assertThat(List.of(
                        latest.get("first-site").getRepeatWithin30d(),
                        latest.get(linked).getRepeatWithin30d()))
                .containsExactly(true, true);

        harness.send(submit("earlier", "earlier-void", EventType.ENTERED_IN_ERROR, day(11))
                .reason("wrong person")
                .build());
        collect();

        assertThat(List.of(
                        latest.get("first-site").getRepeatWithin30d(),
                        latest.get(linked).getRepeatWithin30d()))
                .containsExactly(false, false);
    }

    @Test
    void aLaterKeyReplacesTheFirstAndTheOldPersonForgetsTheCase() {
        attend("c1", day(0), KEY_A);
        harness.send(preAlert("c2", "c2-pre", day(5)).personKey(KEY_A).build());
        harness.send(arrive("c2", "c2-arrived", day(5).plusSeconds(600))
                .personKey(KEY_B)
                .build());
        collect();
        assertThat(latest.get("c2").getRepeatWithin30d()).isFalse();

        attend("c3", day(6), KEY_B);

        assertThat(flags("c3")).containsExactly(true, true); // c2 is KEY_B's
        assertThat(RepeatCodec.attendances(persons().get(KEY_A)))
                .extracting(RepeatAttendance.Attendance::caseId)
                .containsExactly("c1");
    }

    @Test
    void noPersonKeyLeavesTheProcessorExceptOnItsOwnTopics() {
        byte[] key = KEY_A.getBytes(StandardCharsets.UTF_8);
        Map<String, TestOutputTopic<byte[], byte[]>> readable = new HashMap<>();
        for (String topic : List.of(
                harness.topics.events(),
                harness.topics.state(),
                harness.topics.outcomes(),
                harness.topics.rejections(),
                harness.topics.completed())) {
            readable.put(
                    topic,
                    harness.driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        }
        TestOutputTopic<byte[], byte[]> personKeys = harness.driver.createOutputTopic(
                harness.topics.personKeys(), new ByteArrayDeserializer(), new ByteArrayDeserializer());

        harness.send(arrive("c1", "c1-arrived", day(0)).personKey(KEY_A).build());
        // Rejected (another site for the same case): the rejection carries the submission, never its key.
        harness.send(arrive("c1", "c1-again", day(0).plusSeconds(60))
                .personKey(KEY_A)
                .siteCode("RIE")
                .build());
        harness.send(submit("c1", "c1-cleared", EventType.CLEARED, day(0).plusSeconds(3600))
                .build());
        harness.send(arrive("c2", "c2-arrived", day(1)).personKey(KEY_A).build());

        Map<String, Integer> records = new HashMap<>();
        readable.forEach((topic, output) -> {
            List<byte[]> values = output.readValuesToList();
            records.put(topic, values.size());
            assertThat(values).as(topic).noneMatch(value -> contains(value, key));
        });
        assertThat(records.get(harness.topics.rejections())).isEqualTo(1);
        assertThat(records.values()).allMatch(count -> count > 0);
        // The processor's own topic does hold it (the test can see a key where there is one).
        assertThat(personKeys.readRecordsToList()).hasSize(2).allMatch(record -> contains(record.key(), key));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void theStoresForgetKeysNinetyDaysAfterTheirLastChangeByTheWallClock() {
        attend("c1", NOW.minus(Duration.ofHours(3)), KEY_A);
        harness.advanceInSteps(Duration.ofDays(10), Duration.ofDays(1));
        attend("c2", NOW.plus(Duration.ofDays(10)).minus(Duration.ofHours(2)), KEY_A);
        assertThat(link("c1").personKey()).isEqualTo(KEY_A);
        assertThat(link("c2").flags()).isEqualTo(new RepeatAttendance.Flags(true, true));

        harness.advanceInSteps(Duration.ofDays(79), Duration.ofDays(1)); // day 89 after c1 was sent
        assertThat(RepeatCodec.attendances(persons().get(KEY_A))).hasSize(2);

        harness.advanceInSteps(Duration.ofDays(2), Duration.ofHours(6)); // day 91

        assertThat(RepeatCodec.attendances(persons().get(KEY_A)))
                .extracting(RepeatAttendance.Attendance::caseId)
                .containsExactly("c2");
        assertThat(link("c1").personKey()).isNull();
        assertThat(link("c1").flags()).isEqualTo(RepeatAttendance.Flags.NONE);
        assertThat(link("c2").personKey()).isEqualTo(KEY_A);

        harness.advanceInSteps(Duration.ofDays(10), Duration.ofHours(6)); // day 101: 91 after c2

        assertThat(persons().get(KEY_A)).isNull();
        assertThat(link("c2").personKey()).isNull();
        assertThat(link("c2").flags()).isEqualTo(new RepeatAttendance.Flags(true, true)); // the flags stay
        try (KeyValueIterator<String, byte[]> all = persons().all()) {
            assertThat(all.hasNext()).isFalse();
        }
    }

    private KeyValueStore<String, byte[]> persons() {
        return harness.driver.getKeyValueStore(HandoverTopology.PERSONS_STORE);
    }

    private RepeatAttendance.Link link(String caseId) {
        KeyValueStore<String, byte[]> links = harness.driver.getKeyValueStore(HandoverTopology.LINKS_STORE);
        return RepeatCodec.decode(links.get(caseId), RepeatAttendance.Link.class);
    }
}
