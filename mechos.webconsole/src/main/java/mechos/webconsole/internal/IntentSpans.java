package mechos.webconsole.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import mechos.kernel.api.Decision;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;
import mechos.kernel.api.IntentAction;
import mechos.kernel.api.IntentEvent;

/**
 * Turns the kernel's bus messages about one intent into a trace: a root span {@code mechos.intent <action>} from
 * the intent reaching the gate (for the brain: right after its LLM reply was validated) to the driver call's end,
 * with children {@code mechos.kernel.gate} (capability and safety rules) and {@code mechos.dispatch <device>} (the
 * driver call, from its measured latency). Every span carries {@code mechos.intent.id} and {@code mechos.agent.id},
 * so a trace is found by intent id like the log lines and bus messages of that intent.
 *
 * <p>Times are bus publish times ({@link System#nanoTime()}), mapped to the epoch once. Messages must arrive in
 * publish order (one subscription over all three topics). Not thread-safe: one delivery thread calls it.
 */
final class IntentSpans {
    static final String INTENT_ID = "mechos.intent.id";
    static final String AGENT_ID = "mechos.agent.id";
    private static final long EXPIRE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_OPEN = 4096;

    private final Tracer tracer;
    private final long epochAnchorNanos;
    private final long nanoAnchor;
    private final Map<String, Open> open = new LinkedHashMap<>();

    private record Open(String intentId, Span root, long startNanos, String agentId) {
    }

    IntentSpans(Tracer tracer) {
        this(tracer, TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()), System.nanoTime());
    }

    IntentSpans(Tracer tracer, long epochAnchorNanos, long nanoAnchor) {
        this.tracer = tracer;
        this.epochAnchorNanos = epochAnchorNanos;
        this.nanoAnchor = nanoAnchor;
    }

    private long epoch(long nanoTime) {
        return epochAnchorNanos + (nanoTime - nanoAnchor);
    }

    /** Dispatches one bus message by type; other types are ignored. */
    void onMessage(Object payload, long publishedNanos) {
        expire(publishedNanos);
        if (payload instanceof IntentEvent e) {
            onIntent(e, publishedNanos);
        } else if (payload instanceof Decision d) {
            onDecision(d, publishedNanos);
        } else if (payload instanceof DispatchResult r) {
            onDispatch(r, publishedNanos);
        }
    }

    void onIntent(IntentEvent e, long at) {
        String action = e.intent() == null ? "invalid" : IntentAction.of(e.intent()).wireName();
        Span root = tracer.spanBuilder("mechos.intent " + action).setNoParent()
                .setStartTimestamp(epoch(at), TimeUnit.NANOSECONDS).setAttribute(INTENT_ID, e.intentId())
                .setAttribute(AGENT_ID, e.agentId()).setAttribute("mechos.intent.action", action).startSpan();
        open.put(e.intentId(), new Open(e.intentId(), root, at, e.agentId()));
        if (open.size() > MAX_OPEN) {
            Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator();
            Open oldest = it.next().getValue();
            it.remove();
            oldest.root().setAttribute("mechos.intent.incomplete", true);
            oldest.root().end(epoch(at), TimeUnit.NANOSECONDS);
        }
    }

    void onDecision(Decision d, long at) {
        Open o = open.get(d.intentId());
        if (o == null) {
            return;
        }
        Span gate = child("mechos.kernel.gate", o, o.startNanos());
        gate.setAttribute("mechos.approved", d.approved()).setAttribute("mechos.verdict", d.reason());
        if (!d.approved()) {
            gate.setStatus(StatusCode.ERROR, d.reason());
        }
        gate.end(epoch(at), TimeUnit.NANOSECONDS);
        o.root().setAttribute("mechos.approved", d.approved());
        boolean dispatchFollows = d.approved() && d.intent() != null && IntentAction.of(d.intent()).isActuation();
        if (!dispatchFollows) {
            if (!d.approved()) {
                o.root().setStatus(StatusCode.ERROR, d.reason());
            }
            open.remove(d.intentId());
            o.root().end(epoch(at), TimeUnit.NANOSECONDS);
        }
    }

    void onDispatch(DispatchResult r, long at) {
        if (r.intentId() == null) {
            return;
        }
        Open o = open.remove(r.intentId());
        if (o == null) {
            return;
        }
        Span call = child("mechos.dispatch " + (r.deviceId() == null ? "none" : r.deviceId()), o,
                Math.max(o.startNanos(), at - r.latencyNanos()));
        call.setAttribute("mechos.device.id", r.deviceId() == null ? "" : r.deviceId())
                .setAttribute("mechos.command", r.command()).setAttribute("mechos.outcome", r.outcome().name());
        if (r.outcome() != DispatchOutcome.DONE && r.outcome() != DispatchOutcome.PUBLISHED) {
            call.setStatus(StatusCode.ERROR, r.outcome() + (r.detail().isEmpty() ? "" : ": " + r.detail()));
            o.root().setStatus(StatusCode.ERROR, "dispatch " + r.outcome());
        }
        call.end(epoch(at), TimeUnit.NANOSECONDS);
        o.root().end(epoch(at), TimeUnit.NANOSECONDS);
    }

    private Span child(String name, Open o, long startNanos) {
        return tracer.spanBuilder(name).setParent(Context.root().with(o.root()))
                .setStartTimestamp(epoch(startNanos), TimeUnit.NANOSECONDS)
                .setAttribute(INTENT_ID, o.intentId())
                .setAttribute(AGENT_ID, o.agentId()).startSpan();
    }

    /** Ends intents that saw no dispatch within 10 s (e.g. the dispatch message was dropped). */
    void expire(long now) {
        Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Open o = it.next().getValue();
            if (now - o.startNanos() < EXPIRE_NANOS) {
                return;
            }
            it.remove();
            o.root().setAttribute("mechos.intent.incomplete", true);
            o.root().end(epoch(now), TimeUnit.NANOSECONDS);
        }
    }

    /** End every open span (the tracer is going away). */
    void close(long now) {
        for (Open o : open.values()) {
            o.root().setAttribute("mechos.intent.incomplete", true);
            o.root().end(epoch(now), TimeUnit.NANOSECONDS);
        }
        open.clear();
    }

    int openCount() {
        return open.size();
    }
}
