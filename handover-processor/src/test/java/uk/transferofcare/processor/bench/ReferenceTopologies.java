package uk.transferofcare.processor.bench;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import uk.transferofcare.events.HandoverSubmission;

/**
 * Kafka Streams topologies that do (almost) nothing, run by {@link ProcessorBenchmark} with the same exactly-once
 * settings as the real topology, so that the benchmark shows what Kafka Streams' exactly-once itself reaches on this
 * machine against the plain copy, before any of the processor's own work. Issue 11 quotes two such references from
 * elsewhere: an exactly-once passthrough at about 68% of a plain copy and a naive state machine at about 24%.
 */
final class ReferenceTopologies {

    static final String NAIVE_STORE = "naive-cases";

    private ReferenceTopologies() {}

    /** (d): every input record written once to {@code to}, decoded and encoded with the same Avro serde. */
    static Topology passthrough(String from, String to, Serde<HandoverSubmission> values) {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), values.deserializer(), from);
        topology.addSink("out", to, Serdes.String().serializer(), values.serializer(), "in");
        return topology;
    }

    /**
     * (e): per input record one read and one write of a persistent, changelogged key-value store (the case's last
     * submission, RocksDB with Streams' default record cache) and the record forwarded to three outputs.
     */
    static Topology naiveStateMachine(String from, List<String> to, Serde<HandoverSubmission> values) {
        if (to.size() != 3) {
            throw new IllegalArgumentException("three outputs, not " + to.size());
        }
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), values.deserializer(), from);
        topology.addProcessor("state", NaiveCase::new, "in");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAIVE_STORE), Serdes.String(), values),
                "state");
        for (int i = 0; i < to.size(); i++) {
            topology.addSink("out-" + i, to.get(i), Serdes.String().serializer(), values.serializer(), "state");
        }
        return topology;
    }

    /** Reads the key's stored value, stores the new record in its place and forwards it to every sink. */
    private static final class NaiveCase implements Processor<String, HandoverSubmission, String, HandoverSubmission> {

        private ProcessorContext<String, HandoverSubmission> context;
        private KeyValueStore<String, HandoverSubmission> store;

        @Override
        public void init(ProcessorContext<String, HandoverSubmission> context) {
            this.context = context;
            this.store = context.getStateStore(NAIVE_STORE);
        }

        @Override
        public void process(Record<String, HandoverSubmission> record) {
            // the read decides nothing here, but is made and decoded, as a state machine reads its case
            store.get(record.key());
            store.put(record.key(), record.value());
            context.forward(record);
        }
    }
}
