package mechos.runtime.internal.loop;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Intent;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.TickStats;
import mechos.kernel.api.Violation;
import mechos.runtime.api.llm.ChatRequest;
import mechos.runtime.api.llm.ChatResponse;
import mechos.runtime.api.llm.EmbeddingRequest;
import mechos.runtime.api.llm.EmbeddingResponse;
import mechos.runtime.api.llm.LlmException;
import mechos.runtime.api.llm.LlmProvider;
import mechos.runtime.api.llm.ProviderInfo;
import mechos.runtime.api.llm.Usage;

final class Fakes {
    private Fakes() {
    }

    /** An AgentConfig with the metatype defaults, some overridden. */
    static AgentConfig config(Map<String, Object> overrides) {
        return (AgentConfig) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(),
                new Class<?>[] {AgentConfig.class}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return method.invoke(proxy, args);
                });
    }

    /** A kernel that records every submission and approves what the policy accepts. */
    static final class RecordingKernel implements Kernel {
        final List<Decision> decisions = new CopyOnWriteArrayList<>();
        final AtomicInteger ids = new AtomicInteger();
        volatile Predicate<Intent> approve = i -> true;

        @Override
        public Decision submit(String agentId, Intent intent) {
            boolean ok = approve.test(intent);
            Decision d = new Decision("i-" + ids.incrementAndGet(), agentId, intent, ok,
                    ok ? List.of() : List.of(Violation.reject("test", "rejected by test policy")),
                    System.currentTimeMillis());
            decisions.add(d);
            return d;
        }

        @Override
        public SafetyStatus status() {
            return new SafetyStatus(SafetyState.NOMINAL, "", 0, 0, false);
        }

        @Override
        public TickStats tickStats() {
            return new TickStats(0, 0, 0, 0, 0, 0);
        }

        @Override
        public void resetTickStats() {
            // nothing to reset
        }

        @Override
        public long clearanceMaxAgeNanos() {
            return 500_000_000L;
        }
    }

    /** A provider answering each chat with the next scripted function of the request. */
    static final class ScriptedProvider implements LlmProvider {
        final BlockingQueue<Function<ChatRequest, CompletableFuture<ChatResponse>>> script =
                new LinkedBlockingQueue<>();
        final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
        volatile Function<ChatRequest, CompletableFuture<ChatResponse>> otherwise = r -> new CompletableFuture<>();

        void reply(String content) {
            script.add(r -> CompletableFuture.completedFuture(response(content, 100)));
        }

        static ChatResponse response(String content, long tokens) {
            return new ChatResponse(content, "scripted", new Usage(tokens, 10, false), 1_000_000L, 1);
        }

        @Override
        public ProviderInfo info() {
            return new ProviderInfo("scripted", "memory:", "scripted", "");
        }

        @Override
        public CompletableFuture<ChatResponse> chat(ChatRequest request) {
            requests.add(request);
            Function<ChatRequest, CompletableFuture<ChatResponse>> next = script.poll();
            return (next == null ? otherwise : next).apply(request);
        }

        @Override
        public CompletableFuture<EmbeddingResponse> embed(EmbeddingRequest request) {
            return CompletableFuture.failedFuture(new LlmException(LlmException.Kind.UNSUPPORTED, "no"));
        }
    }

    static final class ManualClock {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        long get() {
            return nanos.get();
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L); // poll, bounded by the timeout
        }
    }
}
