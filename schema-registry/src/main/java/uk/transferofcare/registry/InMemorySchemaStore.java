package uk.transferofcare.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * A store without Kafka, for the fast test tier: records go through the same {@link StoreCodec} encoding as on the
 * topic and are applied immediately. Keeps its log so tests can replay it into a fresh state, as a restart would.
 */
final class InMemorySchemaStore implements SchemaStore {

    private final RegistryState state;
    private final List<byte[][]> log = new ArrayList<>();

    InMemorySchemaStore(RegistryState state) {
        this.state = state;
    }

    @Override
    public synchronized void write(List<StoreRecord> records) {
        for (StoreRecord record : records) {
            byte[] key = StoreCodec.encodeKey(record.key());
            byte[] value = StoreCodec.encodeValue(record.value());
            log.add(new byte[][] {key, value});
            state.apply(StoreCodec.decode(key, value));
        }
    }

    /** Replays everything written so far into another state, as a restarted registry would read the topic. */
    synchronized void replayInto(RegistryState other) {
        for (byte[][] record : log) {
            other.apply(StoreCodec.decode(record[0], record[1]));
        }
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public String describe() {
        return "in-memory store";
    }

    @Override
    public void close() {}
}
