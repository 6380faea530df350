package uk.transferofcare.registry;

import java.util.List;

/**
 * Where the registry's records live. Implementations apply every record to the {@link RegistryState} they were
 * given, in log order; {@link #write} returns only once the records it wrote have been applied (read-your-writes).
 */
interface SchemaStore extends AutoCloseable {

    /**
     * Appends the records and waits until they are applied to the state.
     *
     * @throws RegistryException 50001 if the store refused the write, 50002 if it was not confirmed in time
     */
    void write(List<StoreRecord> records);

    /** True once the store has been read to the end at start-up and while it keeps up. */
    boolean isReady();

    /** A short description for logs, e.g. the topic and bootstrap servers. */
    String describe();

    @Override
    void close();
}
