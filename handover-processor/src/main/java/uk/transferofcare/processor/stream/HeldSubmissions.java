package uk.transferofcare.processor.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The submissions held for one case the processor does not know yet (rule 8), in the order they arrived: the value of
 * the {@code handover-held} store. Each keeps the record as it was read (its value bytes, Confluent-framed, and its
 * headers, so the verdict given when the case opens carries the submitter's trace and request id), plus what
 * deciding about a re-send needs without decoding it (eventId, fingerprint) and when it expires.
 *
 * <p>Stored as a small versioned binary envelope: {@code format(1) timerDueAt count {eventId fingerprint until
 * value headers}}. The list is short (the events of one case that came before its opening) and read whole.
 *
 * @param timerDueAt the timer index entry this case is filed under: the earliest {@code until}
 */
record HeldSubmissions(List<Entry> entries, Instant timerDueAt) {

    static final int FORMAT = 1;

    /**
     * One held submission.
     *
     * @param until when it is rejected as an unknown case if no case has opened
     */
    record Entry(String eventId, String fingerprint, Instant until, byte[] value, Headers headers) {
        Entry {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(value, "value");
            headers = new RecordHeaders(headers == null ? new Header[0] : headers.toArray());
        }
    }

    HeldSubmissions {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an empty held list is not stored");
        }
    }

    static HeldSubmissions of(List<Entry> entries) {
        Instant due = entries.stream().map(Entry::until).min(Instant::compareTo).orElseThrow();
        return new HeldSubmissions(entries, due);
    }

    /** This list with one more entry at the end. */
    HeldSubmissions plus(Entry entry) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(entry);
        return of(more);
    }

    Entry find(String eventId) {
        return entries.stream()
                .filter(e -> e.eventId().equals(eventId))
                .findFirst()
                .orElse(null);
    }

    static byte[] encode(HeldSubmissions held) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(held.timerDueAt().toEpochMilli());
            out.writeInt(held.entries().size());
            for (Entry entry : held.entries()) {
                out.writeUTF(entry.eventId());
                out.writeUTF(entry.fingerprint());
                out.writeLong(entry.until().toEpochMilli());
                writeBytes(out, entry.value());
                Header[] headers = entry.headers().toArray();
                out.writeInt(headers.length);
                for (Header header : headers) {
                    out.writeUTF(header.key());
                    writeBytes(out, header.value());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode held submissions", e);
        }
        return bytes.toByteArray();
    }

    /** The held list, or null for no value; throws {@link IllegalStateException} when it cannot be read. */
    static HeldSubmissions decode(String caseId, byte[] value) {
        if (value == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException("Held submissions of case " + caseId + " have format " + format
                        + "; this version reads " + FORMAT);
            }
            Instant due = Instant.ofEpochMilli(in.readLong());
            int count = in.readInt();
            List<Entry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String eventId = in.readUTF();
                String fingerprint = in.readUTF();
                Instant until = Instant.ofEpochMilli(in.readLong());
                byte[] bytes = readBytes(in);
                int headerCount = in.readInt();
                RecordHeaders headers = new RecordHeaders();
                for (int h = 0; h < headerCount; h++) {
                    headers.add(in.readUTF(), readBytes(in));
                }
                entries.add(new Entry(eventId, fingerprint, until, bytes, headers));
            }
            if (in.read() != -1) {
                throw new IllegalStateException("Held submissions of case " + caseId + " have trailing bytes");
            }
            return new HeldSubmissions(entries, due);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "Held submissions of case " + caseId + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] value = new byte[length];
        in.readFully(value);
        return value;
    }
}
