package mechos.kernel.internal.bus;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import mechos.kernel.api.Kernel;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.Envelope;
import mechos.kernel.api.bus.Subscriber;
import mechos.kernel.api.bus.SubscriberStats;

/** A live subscription: its queue and the one daemon thread that delivers from it, in order. */
final class Subscription implements BusSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final String name;
    private final String topicLabel;
    private final Queue queue;
    private final Subscriber<Object> subscriber;
    private final Consumer<Subscription> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    /** Messages taken from the queue into the delivery batch and not yet delivered (counted as queued). */
    private volatile int inHand;

    @SuppressWarnings("unchecked")
    Subscription(String name, String topicLabel, Queue queue, Subscriber<?> subscriber,
            Consumer<Subscription> onClose) {
        this.name = name;
        this.topicLabel = topicLabel;
        this.queue = queue;
        this.subscriber = (Subscriber<Object>) subscriber;
        this.onClose = onClose;
        this.thread = new Thread(this::run, "mechos-bus-" + name + "-" + topicLabel);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void offer(Envelope<?> e) {
        if (!closed.get()) {
            queue.offer(e);
        }
    }

    private void run() {
        List<Envelope<?>> batch = Queue.buffer();
        while (!closed.get()) {
            try {
                queue.drain(batch, IDLE_WAIT_NANOS);
            } catch (InterruptedException e) {
                if (closed.get()) {
                    break;
                }
                Thread.interrupted();
                continue;
            }
            int n = batch.size();
            for (int i = 0; i < n; i++) {
                inHand = n - i;
                deliver(batch.get(i));
            }
            inHand = 0;
            batch.clear();
        }
        LOG.debug("bus subscriber {} on {} stopped after {} messages", name, topicLabel, delivered.get());
    }

    private void deliver(Envelope<?> e) {
        String correlation = e.correlationId();
        if (correlation != null) {
            MDC.put(Kernel.MDC_INTENT_ID, correlation);
        }
        try {
            subscriber.onMessage(e);
            delivered.incrementAndGet();
        } catch (Throwable t) { // NOPMD: an isolated subscriber must never take its delivery thread down
            long n = failures.incrementAndGet();
            if (t instanceof VirtualMachineError vme) {
                LOG.error("bus subscriber {} on {} hit a VM error; it keeps its subscription", name, topicLabel, vme);
            } else if (n <= 10 || n % 1000 == 0) {
                LOG.warn("bus subscriber {} on {} threw on message {} of {} (failure #{}); it keeps its subscription",
                        name, topicLabel, e.sequence(), e.topic().name(), n, t);
            }
        } finally {
            if (correlation != null) {
                MDC.remove(Kernel.MDC_INTENT_ID);
            }
        }
    }

    @Override
    public SubscriberStats stats() {
        return new SubscriberStats(name, topicLabel, queue.size() + inHand, queue.capacity(), delivered.get(),
                queue.dropped.get(), queue.conflated.get(), failures.get());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
            if (Thread.currentThread() != thread) {
                queue.wake(thread);
            }
        }
    }

    boolean isClosed() {
        return closed.get();
    }
}
