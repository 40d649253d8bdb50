package mechos.runtime.internal.loop;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Stop;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentCodec;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.Violation;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Topic;
import mechos.memory.api.EpisodicMemory;
import mechos.memory.api.NewEpisode;
import mechos.runtime.api.DecisionRecord;
import mechos.runtime.api.RuntimeTopics;
import mechos.platform.api.LogText;

/**
 * The "act" step: submits intents to the kernel gate under the agent id, keeps the last decisions, publishes
 * them on the bus (with the intent id as correlation id and in the MDC), and records episodes in memory.
 * Used by the agent loop's thread only, except {@link #snapshot()}.
 */
final class DecisionLog {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
    private static final int HISTORY = 50;
    /** The kernel's default drive lease: an approved drive older than this no longer moves the base. */
    private static final long DRIVE_LEASE_NANOS = 500_000_000L;

    private final String agentId;
    private final Kernel kernel;
    private final IntentCodec codec;
    private final EventBus bus;
    private final Supplier<EpisodicMemory> memory;
    private final Deque<DecisionRecord> history = new ArrayDeque<>();
    private volatile List<DecisionRecord> snapshot = List.of();
    private long count;
    private String lastRejection;
    private final LongSupplier clock;
    private Drive lastDrive;
    private long lastDriveAt;

    DecisionLog(String agentId, Kernel kernel, IntentCodec codec, EventBus bus, Supplier<EpisodicMemory> memory,
            LongSupplier clock) {
        this.clock = clock;
        this.agentId = agentId;
        this.kernel = kernel;
        this.codec = codec;
        this.bus = bus;
        this.memory = memory;
    }

    /** @return the last decisions, oldest first (any thread) */
    List<DecisionRecord> snapshot() {
        return snapshot;
    }

    long count() {
        return count;
    }

    /**
     * @return the body velocity {linear, angular} of the last approved drive while its lease may still hold, or
     *         null when the base is not being driven by this agent
     */
    double[] commandedMotion(long now) {
        Drive d = lastDrive;
        return d == null || now - lastDriveAt >= DRIVE_LEASE_NANOS ? null : new double[] {d.linear(), d.angular()};
    }

    /** Asks the gate without recording (lease renewals). A kernel that throws counts as a rejection. */
    Decision gate(Intent intent) {
        try {
            Decision d = kernel.submit(agentId, intent);
            if (d.approved() && intent instanceof Drive drive) {
                lastDrive = drive;
                lastDriveAt = clock.getAsLong();
            } else if (d.approved() && intent instanceof Stop) {
                lastDrive = null;
            }
            return d;
        } catch (RuntimeException e) {
            LOG.warn("kernel.submit threw; treating the intent as rejected", e);
            return new Decision("none", agentId, intent, false,
                    List.of(Violation.reject("kernel", "kernel error: " + e)), System.currentTimeMillis());
        }
    }

    /** Submits, records and publishes one decision. */
    Decision submit(Intent intent, String rationale, DecisionRecord.Source source) {
        return submit(intent, null, rationale, source);
    }

    /**
     * Submits, records and publishes one decision.
     *
     * @param intentJson the intent's JSON when the caller already has it (a validated reply), else null
     */
    Decision submit(Intent intent, String intentJson, String rationale, DecisionRecord.Source source) {
        Decision d = gate(intent);
        count++;
        String json = intentJson != null ? intentJson : json(intent);
        DecisionRecord r = new DecisionRecord(d.intentId(), source, json, rationale, d.approved(), d.reason(),
                d.wallMillis());
        history.addLast(r);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        snapshot = List.copyOf(history);
        MDC.put(Kernel.MDC_INTENT_ID, d.intentId());
        MDC.put(Kernel.MDC_AGENT_ID, agentId);
        try {
            LOG.debug("{} intent {} -> {}", source, LogText.cap(json), LogText.cap(d.reason()));
            if (!d.approved() && !d.reason().equals(lastRejection)) {
                LOG.info("{} intent {} rejected: {}", source, LogText.cap(json), LogText.cap(d.reason()));
            }
        } finally {
            MDC.remove(Kernel.MDC_INTENT_ID);
            MDC.remove(Kernel.MDC_AGENT_ID);
        }
        lastRejection = d.approved() ? null : d.reason();
        publish(RuntimeTopics.DECISIONS, r, d.intentId());
        return d;
    }

    /** Records the episode (situation, intent, verdict, outcome) without waiting for the store. */
    void remember(String situation, String intentJson, Decision d) {
        EpisodicMemory m = memory.get();
        if (m == null) {
            return;
        }
        try {
            m.record(NewEpisode.of(Instant.now(), agentId, situation, intentJson,
                    d.approved() ? "APPROVED" : "REJECTED", d.reason()))
                    .whenComplete((e, err) -> {
                        if (err != null) {
                            LOG.debug("episode not stored durably", err);
                        }
                    });
        } catch (RuntimeException e) {
            LOG.debug("episode not recorded", e);
        }
    }

    <T> void publish(Topic<T> topic, T payload, String correlationId) {
        if (bus == null) {
            return;
        }
        try {
            bus.publish(topic, payload, correlationId);
        } catch (RuntimeException e) {
            LOG.warn("cannot publish on {}", topic.name(), e);
        }
    }

    private String json(Intent intent) {
        try {
            return codec.toJson(intent);
        } catch (IllegalArgumentException e) {
            return String.valueOf(intent);
        }
    }
}
