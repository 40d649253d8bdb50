package mechos.fleet.internal.mqtt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Store-and-forward while the broker is unreachable. Reliable messages (market events, peer messages) wait in a
 * bounded FIFO and are never dropped: when it is full a new one is refused (the caller counts and reports it).
 * Status messages keep only the newest per topic (drop-oldest): a stale presence is worthless. Thread-safe.
 */
public final class Outbox {
    /** A message waiting to be published. */
    public record Item(String topic, byte[] payload, int qos, boolean retained) {
    }

    private final int capacity;
    private final Deque<Item> reliable = new ArrayDeque<>();
    private final java.util.Map<String, Item> status = new java.util.LinkedHashMap<>();
    private long refused;
    private long statusDropped;

    public Outbox(int capacity) {
        checkCapacity(capacity);
        this.capacity = capacity;
    }

    /** The constructor's check, for the bundle's configuration validator. */
    public static void checkCapacity(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("store-and-forward capacity must be > 0, got " + capacity);
        }
    }

    /** @return false (and counted) when the queue is full */
    public synchronized boolean offerReliable(Item item) {
        if (reliable.size() >= capacity) {
            refused++;
            return false;
        }
        reliable.add(item);
        return true;
    }

    /** Keeps only the newest status per topic. */
    public synchronized void offerStatus(Item item) {
        if (status.put(item.topic(), item) != null) {
            statusDropped++;
        }
    }

    /** Keeps a status only if no (newer) one for its topic waits already. */
    public synchronized void offerStatusIfAbsent(Item item) {
        status.putIfAbsent(item.topic(), item);
    }

    /** Puts a reliable message back at the head (its publish failed), even beyond the capacity: it was accepted. */
    public synchronized void pushBack(Item item) {
        reliable.addFirst(item);
    }

    /** @return everything waiting, reliable first in order, then the newest statuses; the outbox is emptied */
    public synchronized List<Item> drain() {
        List<Item> out = new ArrayList<>(reliable);
        out.addAll(status.values());
        reliable.clear();
        status.clear();
        return out;
    }

    public synchronized int size() {
        return reliable.size() + status.size();
    }

    public synchronized long refused() {
        return refused;
    }

    public synchronized long statusDropped() {
        return statusDropped;
    }
}
