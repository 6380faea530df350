package uk.transferofcare.processor.stream;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * A record for {@code handover-submissions-dlt}: the original key and value bytes, unchanged, on the original
 * partition, with the original headers plus the headers Spring Kafka's {@code DeadLetterPublishingRecoverer} writes
 * ({@code kafka_dlt-exception-fqcn}, {@code -message}, {@code -stacktrace}, {@code kafka_dlt-original-topic},
 * {@code -partition}, {@code -offset}, {@code -timestamp}, {@code -consumer-group}), so the platform's tools read
 * and replay every dead letter the same way whoever wrote it.
 *
 * <p>It is written by the topology itself, inside the same exactly-once transaction as the offset commit: a dead
 * letter is published exactly once, and never lost if the instance dies right after deciding it.
 */
record DeadLetter(byte[] value, int partition) {

    private static final int MAX_STACKTRACE_CHARS = 8_000;

    /** The headers of the dead letter: the original ones (a copy) plus the exception and origin. */
    static Headers headers(
            Headers original,
            Throwable exception,
            String topic,
            int partition,
            long offset,
            long timestamp,
            String applicationId) {
        RecordHeaders headers = new RecordHeaders(original.toArray());
        Throwable root = rootCause(exception);
        headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, utf8(exception.getClass().getName()));
        if (root != exception) {
            headers.add(
                    KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, utf8(root.getClass().getName()));
        }
        headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8(messageOf(exception)));
        headers.add(KafkaHeaders.DLT_EXCEPTION_STACKTRACE, utf8(stackTrace(exception)));
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(topic));
        headers.add(
                KafkaHeaders.DLT_ORIGINAL_PARTITION,
                ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
        headers.add(
                KafkaHeaders.DLT_ORIGINAL_OFFSET,
                ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
        headers.add(
                KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
                ByteBuffer.allocate(Long.BYTES).putLong(timestamp).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, utf8(applicationId));
        return headers;
    }

    /** The exception's message, and its root cause's when that says more. */
    static String messageOf(Throwable exception) {
        Throwable root = rootCause(exception);
        String message = exception.getMessage() == null ? exception.getClass().getName() : exception.getMessage();
        if (root != exception && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + "; caused by " + root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        return message;
    }

    private static Throwable rootCause(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String stackTrace(Throwable exception) {
        StringWriter out = new StringWriter();
        exception.printStackTrace(new PrintWriter(out));
        String trace = out.toString();
        return trace.length() <= MAX_STACKTRACE_CHARS ? trace : trace.substring(0, MAX_STACKTRACE_CHARS);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the original value bytes as they were. */
    static final class ValueSerializer implements Serializer<DeadLetter> {
        @Override
        public byte[] serialize(String topic, DeadLetter data) {
            return data == null ? null : data.value();
        }
    }

    /** Keeps the original partition, so a replay preserves the order of each case's records. */
    static final class SamePartition implements StreamPartitioner<byte[], DeadLetter> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, byte[] key, DeadLetter value, int numPartitions) {
            return Optional.of(Set.of(Math.floorMod(value.partition(), numPartitions)));
        }
    }
}
