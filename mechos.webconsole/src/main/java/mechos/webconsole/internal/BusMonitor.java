package mechos.webconsole.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.Decision;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;
import mechos.kernel.api.Drive;
import mechos.kernel.api.IntentEvent;
import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.SafetyTransition;
import mechos.kernel.api.Stop;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.SubscriberStats;
import mechos.runtime.api.AgentState;
import mechos.runtime.api.AgentStatus;
import mechos.runtime.api.DecisionRecord;
import mechos.runtime.api.HumanQuestion;
import mechos.runtime.api.RuntimeTopics;

/**
 * Listens on the event bus (when there is one) and keeps what the page and the metrics need that no service
 * answers directly: the last decisions and safety transitions, the commanded motion, gate and dispatch latency,
 * and the time the agent waits for its LLM. Each subscription has its own small queue and thread (the bus's), so
 * the monitor never slows the kernel down; a full queue is counted by the bus as drops.
 */
@Component(service = BusMonitor.class)
public final class BusMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(BusMonitor.class);
    static final int KEEP = 50;
    private static final int QUEUE = 256;
    private static final int PENDING_LIMIT = 4096;

    private final Object lock = new Object();
    private final AtomicReference<EventBus> bus = new AtomicReference<>();
    private final List<BusSubscription> subscriptions = new ArrayList<>();

    private final Deque<Decision> decisions = new ArrayDeque<>();
    private final Deque<SafetyTransition> transitions = new ArrayDeque<>();
    private final Deque<DecisionRecord> agentDecisions = new ArrayDeque<>();
    private final Map<String, Long> pendingIntents = new LinkedHashMap<>();
    private final Map<DispatchOutcome, Long> dispatchOutcomes = new EnumMap<>(DispatchOutcome.class);
    private final Histogram gateLatency = new Histogram();
    private final Histogram dispatchLatency = new Histogram();
    private final Histogram llmWait = new Histogram();
    private volatile Commanded commanded = new Commanded(0, 0, 0, "none");
    private volatile HumanQuestion lastQuestion;
    private long approved;
    private long rejected;
    private long llmWaitStartNanos = -1;

    /** The last motion the kernel approved. */
    record Commanded(double linear, double angular, long wallMillis, String agentId) {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEventBus(EventBus b) {
        synchronized (lock) {
            closeSubscriptions();
            bus.set(b);
            try {
                subscriptions.add(b.subscribe(KernelTopics.INTENTS, "webconsole.intents", QUEUE, e -> onIntent(e.payload(), e.publishedNanos())));
                subscriptions.add(b.subscribe(KernelTopics.DECISIONS, "webconsole.decisions", QUEUE, e -> onDecision(e.payload(), e.publishedNanos())));
                subscriptions.add(b.subscribe(KernelTopics.SAFETY, "webconsole.safety", QUEUE, e -> onSafety(e.payload(), e.publishedNanos())));
                subscriptions.add(b.subscribe(KernelTopics.DISPATCH, "webconsole.dispatch", QUEUE, e -> onDispatch(e.payload(), e.publishedNanos())));
                subscriptions.add(b.subscribe(RuntimeTopics.DECISIONS, "webconsole.agent", QUEUE, e -> onAgentDecision(e.payload(), e.publishedNanos())));
                subscriptions.add(b.subscribe(RuntimeTopics.STATUS, "webconsole.agent-status", 1, e -> onAgentStatus(e.payload(), e.publishedNanos())));
                subscriptions.add(b.subscribe(RuntimeTopics.QUESTIONS, "webconsole.questions", QUEUE, e -> onQuestion(e.payload(), e.publishedNanos())));
            } catch (RuntimeException e) {
                LOG.warn("cannot subscribe to the event bus; the MechOS page shows no history", e);
            }
        }
    }

    void unbindEventBus(EventBus b) {
        synchronized (lock) {
            if (bus.compareAndSet(b, null)) {
                closeSubscriptions();
            }
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            closeSubscriptions();
        }
    }

    private void closeSubscriptions() {
        for (BusSubscription s : subscriptions) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a bus subscription failed", e);
            }
        }
        subscriptions.clear();
    }

    /** @return the bus's per-subscriber statistics, empty when there is no bus */
    Collection<SubscriberStats> busStats() {
        EventBus b = bus.get();
        return b == null ? List.of() : b.stats();
    }

    boolean busPresent() {
        return bus.get() != null;
    }

    void onIntent(IntentEvent event, long publishedNanos) {
        synchronized (lock) {
            pendingIntents.put(event.intentId(), publishedNanos);
            if (pendingIntents.size() > PENDING_LIMIT) {
                pendingIntents.remove(pendingIntents.keySet().iterator().next());
            }
        }
    }

    void onDecision(Decision d, long publishedNanos) {
        synchronized (lock) {
            Long start = pendingIntents.remove(d.intentId());
            if (start != null) {
                gateLatency.observe((publishedNanos - start) / 1e9);
            }
            push(decisions, d);
            if (d.approved()) {
                approved++;
            } else {
                rejected++;
            }
        }
        if (d.approved() && d.intent() instanceof Drive drive) {
            commanded = new Commanded(drive.linear(), drive.angular(), d.wallMillis(), d.agentId());
        } else if (d.approved() && d.intent() instanceof Stop) {
            commanded = new Commanded(0, 0, d.wallMillis(), d.agentId());
        }
    }

    void onSafety(SafetyTransition t, long publishedNanos) {
        synchronized (lock) {
            push(transitions, t);
        }
    }

    void onDispatch(DispatchResult r, long publishedNanos) {
        dispatchLatency.observe(r.latencyNanos() / 1e9);
        synchronized (lock) {
            dispatchOutcomes.merge(r.outcome(), 1L, Long::sum);
        }
    }

    void onAgentDecision(DecisionRecord r, long publishedNanos) {
        synchronized (lock) {
            push(agentDecisions, r);
        }
    }

    void onAgentStatus(AgentStatus s, long publishedNanos) {
        synchronized (lock) {
            if (s.state() == AgentState.WAITING_FOR_LLM) {
                if (llmWaitStartNanos < 0) {
                    llmWaitStartNanos = publishedNanos;
                }
            } else if (llmWaitStartNanos >= 0) {
                llmWait.observe((publishedNanos - llmWaitStartNanos) / 1e9);
                llmWaitStartNanos = -1;
            }
        }
    }

    void onQuestion(HumanQuestion q, long publishedNanos) {
        lastQuestion = q;
    }

    private static <T> void push(Deque<T> q, T item) {
        q.addLast(item);
        while (q.size() > KEEP) {
            q.removeFirst();
        }
    }

    /** @return the last kernel decisions (any agent), newest first */
    List<Decision> decisions() {
        synchronized (lock) {
            List<Decision> out = new ArrayList<>(decisions);
            Collections.reverse(out);
            return out;
        }
    }

    /** @return the last safety transitions, newest first */
    List<SafetyTransition> transitions() {
        synchronized (lock) {
            List<SafetyTransition> out = new ArrayList<>(transitions);
            Collections.reverse(out);
            return out;
        }
    }

    /** @return the agent's decisions seen on the bus, newest first */
    List<DecisionRecord> agentDecisions() {
        synchronized (lock) {
            List<DecisionRecord> out = new ArrayList<>(agentDecisions);
            Collections.reverse(out);
            return out;
        }
    }

    Commanded commanded() {
        return commanded;
    }

    Optional<HumanQuestion> lastQuestion() {
        return Optional.ofNullable(lastQuestion);
    }

    long approvedCount() {
        synchronized (lock) {
            return approved;
        }
    }

    long rejectedCount() {
        synchronized (lock) {
            return rejected;
        }
    }

    Map<DispatchOutcome, Long> dispatchOutcomes() {
        synchronized (lock) {
            return new EnumMap<>(dispatchOutcomes);
        }
    }

    Histogram.Snapshot gateLatency() {
        return gateLatency.snapshot();
    }

    Histogram.Snapshot dispatchLatency() {
        return dispatchLatency.snapshot();
    }

    Histogram.Snapshot llmWait() {
        return llmWait.snapshot();
    }
}
