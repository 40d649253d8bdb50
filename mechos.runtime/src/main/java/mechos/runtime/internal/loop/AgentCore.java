package mechos.runtime.internal.loop;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.AskHuman;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Stop;
import mechos.kernel.api.Watchdog;
import mechos.memory.api.EpisodicMemory;
import mechos.memory.api.RecallQuery;
import mechos.memory.api.Recollection;
import mechos.runtime.api.AgentState;
import mechos.runtime.api.AgentStatus;
import mechos.runtime.api.DecisionRecord;
import mechos.runtime.api.HumanQuestion;
import mechos.runtime.api.RuntimeTopics;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.llm.ChatRequest;
import mechos.runtime.api.llm.ChatResponse;
import mechos.runtime.api.llm.LlmException;
import mechos.runtime.api.llm.LlmProvider;
import mechos.runtime.internal.bt.MapBlackboard;
import mechos.runtime.internal.limits.UsageGovernor;
import mechos.runtime.internal.schema.ReplyValidator;
import mechos.runtime.internal.tasks.TaskMotion;
import mechos.platform.api.LogText;

/**
 * The OODA loop. Its collaborators (validator, limits, loop guard, fallback tree, observer, decision log) come in
 * as {@link AgentParts}; it builds none of them. Every piece of state below is touched only by the loop's single thread ({@code exec}); other
 * threads (API calls, LLM callbacks, memory callbacks) hand work to it. Nothing here blocks: LLM calls and memory
 * are asynchronous and {@link mechos.kernel.api.Kernel#submit} returns in microseconds.
 */
final class AgentCore {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCore.class);
    private static final long RECALL_WAIT_MS = 250;
    private static final long STATUS_PERIOD = 1_000_000_000L;

    private final AgentOptions o;
    private final Supplier<LlmProvider> provider;
    private final Supplier<EpisodicMemory> memory;
    private final DecisionLog log;
    private final Observer observer;
    private final Supplier<Watchdog> watchdog;
    private final WorldAdapter world;
    private final ScheduledExecutorService exec;
    private final LongSupplier clock;
    private final PromptBuilder prompts;
    private final ReplyValidator validator;
    private final String strictSchema;
    private final UsageGovernor governor;
    private final LoopGuard guard;
    private final Node fallbackTree;
    private final Supplier<TaskMotion> taskMotion;
    private boolean yieldedToTask;
    private final MapBlackboard blackboard = new MapBlackboard();

    private int invalidStreak;
    private volatile String lastInvalidReply;
    private volatile AgentStatus status;
    private final AtomicReference<String> answer = new AtomicReference<>();

    /**
     * The loop's state and reason, and its context (call in flight, held drive, pending question); changed only
     * through its transition table.
     */
    private final AgentStateMachine machine = new AgentStateMachine();
    private long validDeadline;
    private long nextDecisionAt;
    private long nextProbeAt;
    private String humanAnswerForPrompt;
    private String note;
    private Pose2D poseAtLastDecision;
    private String worldAtLastDecision;
    private long lastStatusAt = Long.MIN_VALUE;
    private AgentStatus lastPublished;
    private Watchdog heartbeatOwner;
    private Watchdog.Heartbeat heartbeat;
    private ScheduledFuture<?> ticker;

    /**
     * @param parts    the collaborators, built once per configuration ({@link AgentParts#build})
     * @param services the optional services as bound right now
     * @param exec     the loop's single thread
     */
    AgentCore(AgentOptions options, AgentParts parts, AgentServices services, ScheduledExecutorService exec,
            LongSupplier clock) {
        this.o = options;
        this.provider = services.llm();
        this.memory = services.memory();
        this.watchdog = services.watchdog();
        this.taskMotion = services.taskMotion();
        this.log = parts.log();
        this.observer = parts.observer();
        this.world = parts.world();
        this.exec = exec;
        this.clock = clock;
        this.prompts = parts.prompts();
        this.validator = parts.validator();
        this.strictSchema = parts.replySchema();
        this.governor = parts.governor();
        this.guard = parts.guard();
        this.fallbackTree = parts.fallbackTree();
        long now = clock.getAsLong();
        this.validDeadline = now + o.decisionDeadlineNanos();
        this.status = snapshot(now);
    }

    void start() {
        ticker = exec.scheduleAtFixedRate(this::safeTick, 0, o.tickNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops ticking, cancels the call in flight, closes the heartbeat. Called on deactivation. */
    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            machine.cancelCallForShutdown();
            fallbackTree.halt();
            if (heartbeat != null) {
                heartbeat.close();
                heartbeat = null;
            }
        }, exec);
        try {
            done.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("agent loop did not stop cleanly", e);
        }
    }

    // ---- API (any thread) ----------------------------------------------------------------------------------

    AgentStatus status() {
        return status;
    }

    List<DecisionRecord> lastDecisions() {
        return log.snapshot();
    }

    boolean answer(String text) {
        if (machine.question() == null || text == null) {
            return false;
        }
        if (!answer.compareAndSet(null, text)) {
            return false;
        }
        exec.execute(this::safeTick);
        return true;
    }

    void pause() {
        exec.execute(() -> guarded(() -> {
            if (machine.allows(AgentStateMachine.Event.PAUSE)) {
                fallbackTree.halt();
                fire(AgentStateMachine.Event.PAUSE, "paused by an operator"); // cancels the call, drops hold and question
                log.submit(new Stop("agent paused"), "paused", DecisionRecord.Source.FALLBACK);
            }
        }));
    }

    void resume() {
        exec.execute(() -> guarded(() -> {
            if (machine.allows(AgentStateMachine.Event.RESUME)) {
                long now = clock.getAsLong();
                validDeadline = now + o.decisionDeadlineNanos();
                nextDecisionAt = now;
                fire(AgentStateMachine.Event.RESUME, "resumed");
            }
        }));
    }

    // ---- the loop ------------------------------------------------------------------------------------------

    private void safeTick() {
        guarded(this::tick);
    }

    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | LinkageError e) {
            // Never let an exception cancel the scheduled tick (a dead loop would stop the heartbeat too).
            LOG.error("agent loop step failed; continuing", e);
        }
    }

    void tick() {
        long now = clock.getAsLong();
        beat();
        switch (machine.state()) {
            case PAUSED -> {
                // no LLM calls, no intents
            }
            case WAITING_FOR_HUMAN -> waitForHuman(now);
            case FALLBACK -> fallbackTick(now);
            case RUNNING, WAITING_FOR_LLM -> llmTick(now);
        }
        publishStatus(now, false);
    }

    private void waitForHuman(long now) {
        AgentStateMachine.Pending pending = machine.question();
        if (pending == null) { // QUESTION_APPROVED always stores one; never tick on a null
            enterFallback(now, "waiting for a person without a question", now + o.probeIntervalNanos());
            return;
        }
        String a = answer.getAndSet(null);
        if (a != null) {
            LOG.info("operator answered '{}'", oneLine(pending.question().question()));
            humanAnswerForPrompt = a;
            validDeadline = now + o.decisionDeadlineNanos();
            nextDecisionAt = now;
            fire(AgentStateMachine.Event.ANSWERED, "operator answered");
            llmTick(now);
        } else if (now - pending.deadline() >= 0) {
            String q = pending.question().question();
            enterFallback(now, "no answer to '" + oneLine(q) + "' within " + ms(o.humanTimeoutNanos()) + " ms",
                    now + o.probeIntervalNanos());
        }
    }

    private void llmTick(long now) {
        AgentStateMachine.Call call = machine.call();
        if (call != null && now - call.deadline() >= 0 || now - validDeadline >= 0) {
            enterFallback(now, "no valid intent within " + ms(o.decisionDeadlineNanos()) + " ms"
                    + (invalidStreak > 0 ? " (" + invalidStreak + " invalid replies in a row; last " + lastInvalidReply
                            + ")" : ""), now + o.probeIntervalNanos());
            return;
        }
        renewHeldDrive(now);
        if (machine.call() == null && now - nextDecisionAt >= 0) {
            startDecision(now); // CALL_STARTED when a call goes out
        }
        if (machine.call() == null && machine.state() == AgentState.WAITING_FOR_LLM) {
            fire(AgentStateMachine.Event.CALL_ENDED, machine.reason());
        }
    }

    private void fallbackTick(long now) {
        TaskMotion task = taskMotion.get();
        if (task != null && task.active()) {
            // A fleet task drives the robot (its own behaviour, through the same gate): the fallback waits.
            if (!yieldedToTask) {
                yieldedToTask = true;
                fallbackTree.halt();
                LOG.info("fallback '{}' pauses: a fleet task drives the robot", o.fallbackTree());
            }
        } else {
            if (yieldedToTask) {
                yieldedToTask = false;
                LOG.info("fallback '{}' resumes: no fleet task drives the robot", o.fallbackTree());
            }
            try {
                fallbackTree.tick(blackboard);
            } catch (RuntimeException e) {
                LOG.warn("fallback tree {} failed", o.fallbackTree(), e);
            }
        }
        AgentStateMachine.Call call = machine.call();
        if (call != null && now - call.deadline() >= 0) {
            fire(AgentStateMachine.Event.CALL_ENDED, machine.reason()); // cancels the probe
            nextProbeAt = now + o.probeIntervalNanos();
        }
        if (machine.call() == null && now - nextProbeAt >= 0) {
            startDecision(now);
        }
    }

    private void startDecision(long now) {
        LlmProvider p = provider.get();
        if (p == null) {
            String why = "no LLM provider selected (llm.target matches no service)";
            if (machine.state() == AgentState.FALLBACK) {
                fallbackOrProbeLater(now, why, now + o.probeIntervalNanos());
            } else {
                // Providers may bind a moment after the agent starts: wait for one until the decision deadline
                // (llmTick falls back when it passes), asking again on the next tick.
                explain(why);
                nextDecisionAt = now + o.tickNanos();
            }
            return;
        }
        Optional<String> denied = governor.tryAcquire();
        if (denied.isPresent()) {
            fallbackOrProbeLater(now, denied.get(), now + Math.max(governor.nanosUntilAllowed(), o.tickNanos()));
            return;
        }
        PromptBuilder.Situation base = observe(now);
        String situation = PromptBuilder.situation(base);
        String id = "d-" + (log.count() + 1) + "-" + Long.toHexString(now & 0xffffffL);
        String why = machine.state() == AgentState.FALLBACK ? machine.reason()
                : "asking " + p.info().kind() + ":" + p.info().model() + " (decision " + id + ")";
        CompletableFuture<List<Recollection>> recall = recall(situation);
        Duration deadline = Duration.ofNanos(Math.max(1_000_000L, o.decisionDeadlineNanos()));
        AtomicReference<CompletableFuture<ChatResponse>> sent = new AtomicReference<>();
        CompletableFuture<ChatResponse> call = recall.thenCompose(memories -> {
            PromptBuilder.Situation s = base.withMemories(memories);
            CompletableFuture<ChatResponse> c = p.chat(new ChatRequest(prompts.build(s), "intent_reply",
                    strictSchema, deadline, o.maxTokens(), id));
            sent.set(c);
            return c;
        });
        if (!fire(AgentStateMachine.Event.CALL_STARTED, why,
                new AgentStateMachine.Call(call, sent, now + o.decisionDeadlineNanos()))) {
            return;
        }
        humanAnswerForPrompt = null;
        note = null;
        call.whenCompleteAsync((reply, error) -> guarded(() -> onReply(call, reply, error, situation, base)), exec);
    }

    private CompletableFuture<List<Recollection>> recall(String situation) {
        EpisodicMemory m = memory.get();
        if (m == null || o.memoryTopK() <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        try {
            return m.recall(RecallQuery.text(situation, o.memoryTopK()).fromSource(o.agentId()))
                    .thenApply(r -> r.hits())
                    .completeOnTimeout(List.of(), RECALL_WAIT_MS, TimeUnit.MILLISECONDS)
                    .exceptionally(e -> {
                        LOG.debug("memory recall failed; deciding without memories", e);
                        return List.of();
                    });
        } catch (RuntimeException e) {
            LOG.debug("memory recall failed; deciding without memories", e);
            return CompletableFuture.completedFuture(List.of());
        }
    }

    private void onReply(CompletableFuture<ChatResponse> call, ChatResponse reply, Throwable error,
            String situation, PromptBuilder.Situation observed) {
        AgentStateMachine.Call current = machine.call();
        if (current == null || current.future() != call) {
            return; // cancelled or superseded: its transition already emptied the slot
        }
        long now = clock.getAsLong();
        boolean inFallback = machine.state() == AgentState.FALLBACK;
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause instanceof CancellationException) {
                fire(AgentStateMachine.Event.CALL_ENDED, machine.reason());
                return;
            }
            String why = cause instanceof LlmException le ? "LLM " + le.kind().name().toLowerCase().replace('_', ' ')
                    + ": " + le.getMessage() : "LLM call failed: " + cause;
            LOG.debug("decision failed: {}", why);
            if (inFallback) {
                fire(AgentStateMachine.Event.CALL_ENDED, why);
                nextProbeAt = now + o.probeIntervalNanos();
            } else {
                enterFallback(now, why, now + o.probeIntervalNanos());
            }
            return;
        }
        governor.record(reply.model(), reply.usage());
        ReplyValidator.Result result = validator.validate(reply.content());
        if (result instanceof ReplyValidator.Invalid invalid) {
            onInvalidReply(now, reply, invalid.reason(), inFallback);
            return;
        }
        invalidStreak = 0;
        ReplyValidator.Valid valid = (ReplyValidator.Valid) result;
        Optional<Pose2D> pose = world.pose();
        boolean moved = pose.isPresent() && poseAtLastDecision != null
                && (Math.hypot(pose.get().x() - poseAtLastDecision.x(), pose.get().y() - poseAtLastDecision.y()) > 0.05
                        || Math.abs(Pose2D.wrap(pose.get().theta() - poseAtLastDecision.theta())) > 0.1);
        poseAtLastDecision = pose.orElse(null);
        List<DecisionRecord> past = log.snapshot();
        boolean lastApproved = past.isEmpty() || past.get(past.size() - 1).approved();
        // Progress is a change in the world, for every kind of intent: an approved relay switched to the state it
        // is already in is no more progress than a drive that does not move the robot.
        String world = worldFingerprint(observed);
        boolean worldChanged = worldAtLastDecision != null && !worldAtLastDecision.equals(world);
        worldAtLastDecision = world;
        boolean progress = lastApproved && (moved || worldChanged);
        Optional<String> loop = guard.observe(LoopGuard.normalise(valid.intentJson()), progress);
        if (loop.isPresent()) {
            guard.clear();
            note = "loop guard stopped you: " + loop.get() + ". Choose something different.";
            enterFallback(now, "loop guard: " + loop.get(), now + o.loopCooldownNanos());
            return;
        }
        if (inFallback) {
            fallbackTree.halt();
            LOG.info("LLM produced a valid intent again; leaving fallback");
        }
        Decision d = log.submit(valid.intent(), valid.intentJson(), valid.rationale(), DecisionRecord.Source.LLM);
        log.remember(situation, valid.intentJson(), d);
        validDeadline = now + o.decisionDeadlineNanos();
        nextDecisionAt = now + o.decisionIntervalNanos();
        if (d.approved() && valid.intent() instanceof AskHuman ask) {
            askHuman(now, d, ask);
            return;
        }
        AgentStateMachine.Held hold = d.approved() && valid.intent() instanceof Drive drive && o.driveHoldNanos() > 0
                ? new AgentStateMachine.Held(drive, now + o.driveHoldNanos()) : null;
        fire(AgentStateMachine.Event.VALID_INTENT, "valid intent from " + reply.model(), hold);
    }

    /**
     * An invalid reply: tell the model why next time, show the operator why (status reason and last invalid
     * reply), and ask again only after a backoff that doubles with each invalid reply in a row (a model answering
     * garbage must not burn the request quota). The valid-intent deadline keeps running.
     */
    private void onInvalidReply(long now, ChatResponse reply, String why, boolean inFallback) {
        invalidStreak++;
        long delay = invalidBackoffNanos(invalidStreak);
        note = "your previous reply was rejected: " + why;
        lastInvalidReply = "from " + reply.model() + ": " + oneLine(why) + " | reply: "
                + oneLine(reply.content() == null ? "" : reply.content());
        if (invalidStreak == 1) {
            LOG.info("invalid reply from {}: {}; asking again in {} ms", reply.model(), LogText.cap(why),
                    ms(delay));
        } else {
            LOG.debug("invalid reply #{} in a row from {}: {}; asking again in {} ms", invalidStreak,
                    reply.model(), LogText.cap(why), ms(delay));
        }
        if (inFallback) {
            nextProbeAt = now + Math.max(delay, o.probeIntervalNanos());
            fire(AgentStateMachine.Event.INVALID_REPLY, machine.reason()); // the fallback's reason stays
        } else {
            nextDecisionAt = now + delay;
            fire(AgentStateMachine.Event.INVALID_REPLY, "invalid reply (" + invalidStreak + " in a row) from " + reply.model()
                    + ": " + oneLine(why) + "; asking again in " + ms(delay) + " ms");
        }
    }

    /** Backoff before asking again after the n-th invalid reply in a row: initial × 2^(n-1), capped. */
    long invalidBackoffNanos(int n) {
        long base = o.invalidBackoffNanos();
        long cap = o.invalidBackoffMaxNanos();
        long d = base << Math.min(n - 1, 20);
        return Math.min(d < 0 ? cap : d, cap);
    }

    private static String worldFingerprint(PromptBuilder.Situation s) {
        return s.devices() + "|" + s.tasks() + "|" + (s.safety() == null ? "" : s.safety().state()) + "|"
                + (s.humanAnswer() != null);
    }

    private void askHuman(long now, Decision d, AskHuman ask) {
        answer.set(null);
        HumanQuestion q = new HumanQuestion(d.intentId(), o.agentId(), ask.question(), ask.contextImageId(),
                System.currentTimeMillis() + ms(o.humanTimeoutNanos()));
        if (fire(AgentStateMachine.Event.QUESTION_APPROVED, "waiting for an answer to: " + oneLine(ask.question()),
                new AgentStateMachine.Pending(q, now + o.humanTimeoutNanos()))) {
            log.publish(RuntimeTopics.QUESTIONS, q, d.intentId());
        }
    }

    private void renewHeldDrive(long now) {
        AgentStateMachine.Held held = machine.held();
        if (held == null) {
            return;
        }
        if (now - held.until() >= 0) {
            fire(AgentStateMachine.Event.HOLD_ENDED, machine.reason());
            return;
        }
        Decision d = log.gate(held.drive());
        if (!d.approved()) {
            note = "renewing your drive " + held.drive() + " was rejected: " + d.reason();
            fire(AgentStateMachine.Event.HOLD_ENDED, machine.reason());
        }
    }

    private void fallbackOrProbeLater(long now, String why, long probeAt) {
        if (machine.state() == AgentState.FALLBACK) {
            explain(why);
            nextProbeAt = probeAt;
        } else {
            enterFallback(now, why, probeAt);
        }
    }

    /** FALL_BACK cancels the call in flight and drops the held drive and any question (see the event). */
    private void enterFallback(long now, String why, long probeAt) {
        nextProbeAt = probeAt;
        if (machine.state() != AgentState.FALLBACK) {
            LOG.info("fallback '{}' takes over: {}", o.fallbackTree(), why);
        }
        fire(AgentStateMachine.Event.FALL_BACK, why);
        fallbackTick(now);
    }

    // ---- observing and reporting ---------------------------------------------------------------------------

    private PromptBuilder.Situation observe(long now) {
        return observer.observe(log.snapshot(), List.of(), humanAnswerForPrompt, note, log.commandedMotion(now));
    }

    private void beat() {
        Watchdog w = watchdog.get();
        if (w != heartbeatOwner) {
            if (heartbeat != null) {
                heartbeat.close();
            }
            heartbeat = w == null ? null : w.register("runtime.agent", o.heartbeatTimeoutMillis());
            heartbeatOwner = w;
        }
        if (heartbeat != null) {
            heartbeat.beat();
        }
    }

    /** Takes the table's transition for {@code event}; publishes the status when the state or reason changed. */
    private boolean fire(AgentStateMachine.Event event, String why) {
        return fire(event, why, null);
    }

    /**
     * Takes the table's transition for {@code event} with its payload; publishes the status when the state or
     * reason changed. A refused transition is a WARN and changes nothing (a refused call is cancelled).
     *
     * @return whether the transition was taken
     */
    private boolean fire(AgentStateMachine.Event event, String why, AgentStateMachine.Data payload) {
        AgentState before = machine.state();
        String reasonBefore = machine.reason();
        Optional<AgentStateMachine.Transition> t = machine.fire(event, why, payload);
        if (t.isEmpty()) {
            LOG.warn("agent: no transition from {} on {} (reason '{}'); state kept", before, event, why);
            if (payload instanceof AgentStateMachine.Call c) {
                c.cancel();
            }
            return false;
        }
        AgentState after = t.get().to();
        if (after != before) {
            if (mattersToOperator(before, after)) {
                LOG.info("agent {} -> {}: {}", before, after, why);
            } else {
                LOG.debug("agent {} -> {}: {}", before, after, why);
            }
        }
        if (after != before || !why.equals(reasonBefore)) {
            publishStatus(clock.getAsLong(), true);
        }
        return true;
    }

    /** A new reason without a change of state. */
    private void explain(String why) {
        machine.explain(why);
    }

    /**
     * Whether a state change is logged at INFO: entering or leaving fallback, a pause or a question to a person.
     * RUNNING and WAITING_FOR_LLM alternate on every decision and are logged at DEBUG.
     */
    static boolean mattersToOperator(AgentState from, AgentState to) {
        return !(routine(from) && routine(to));
    }

    private static boolean routine(AgentState s) {
        return s == AgentState.RUNNING || s == AgentState.WAITING_FOR_LLM;
    }

    private void publishStatus(long now, boolean force) {
        AgentStatus s = snapshot(now);
        status = s;
        boolean changed = lastPublished == null || lastPublished.state() != s.state()
                || !lastPublished.reason().equals(s.reason());
        if (force || changed || now - lastStatusAt >= STATUS_PERIOD) {
            lastStatusAt = now;
            lastPublished = s;
            log.publish(RuntimeTopics.STATUS, s, null);
        }
    }

    private AgentStatus snapshot(long now) {
        LlmProvider p = provider.get();
        AgentStateMachine.Pending q = machine.question();
        AgentState state = machine.state();
        return new AgentStatus(o.agentId(), state, machine.reason(),
                q == null ? null : q.question().question(), state == AgentState.FALLBACK ? o.fallbackTree() : null, log.count(),
                governor.calls(), governor.tokensInWindow(), governor.cost(),
                p == null ? "" : p.info().kind() + ":" + p.info().model(), System.currentTimeMillis(),
                governor.limits(), lastInvalidReply);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ');
        return t.length() <= 120 ? t : t.substring(0, 120) + "…";
    }
}
