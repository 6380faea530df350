package uk.transferofcare.stack;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The last {@code capacity} items received, newest first, each with a sequence number. Thread-safe. The version
 * changes with every addition or clear, so a page can tell cheaply whether it is stale.
 *
 * @param <T> item type
 */
final class BoundedLog<T> {

    private final int capacity;
    private final Deque<T> items = new ArrayDeque<>();
    private long sequence;
    private long version;

    BoundedLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Adds the item the factory makes from the next sequence number, dropping the oldest beyond capacity. */
    synchronized T add(LongFunction<T> factory) {
        T item = factory.apply(++sequence);
        items.addFirst(item);
        while (items.size() > capacity) {
            items.removeLast();
        }
        version++;
        return item;
    }

    /** Newest first. */
    synchronized List<T> snapshot() {
        return List.copyOf(items);
    }

    synchronized void clear() {
        items.clear();
        version++;
    }

    synchronized long version() {
        return version;
    }

    int capacity() {
        return capacity;
    }
}
