package mechos.bench.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.AgentGrant;
import mechos.kernel.api.Capabilities;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.Decision;
import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyStatus;
import mechos.kernel.api.bus.BusSubscription;
import mechos.kernel.api.bus.EventBus;
import mechos.kernel.api.bus.Subscriber;
import mechos.kernel.api.bus.SubscriberStats;
import mechos.kernel.api.bus.Topic;
import mechos.kernel.internal.core.KernelConfig;
import mechos.kernel.internal.core.KernelImpl;
import mechos.kernel.internal.hw.HardwareConfig;
import mechos.kernel.internal.hw.HardwareRegistry;
import mechos.memory.api.Embedding;
import mechos.memory.api.Episode;
import mechos.memory.api.NewEpisode;
import mechos.memory.api.RecallQuery;
import mechos.memory.api.RetentionPolicy;
import mechos.memory.internal.embed.LexicalEmbedder;
import mechos.memory.internal.episodic.SqliteEpisodicMemory;
import mechos.memory.internal.store.SqliteStore;
import mechos.memory.internal.store.StoreOptions;
import mechos.memory.internal.store.Synchronous;
import mechos.runtime.api.DecisionRecord;
import mechos.runtime.api.llm.ChatMessage;
import mechos.runtime.internal.loop.PromptBuilder;
import mechos.runtime.internal.schema.IntentSchema;
import mechos.runtime.internal.schema.ReplyValidator;

/**
 * The brain's own cost per decision, without the LLM: orient (top-3 recall from 10k episodes in the real SQLite
 * memory, prompt build), then the reply's schema validation and the real kernel gate ({@code KernelImpl.submit}).
 * Sampled per call, so JMH reports p50/p99. Run: {@code java -jar bench/target/benchmarks.jar DecisionOverheadBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DecisionOverheadBench {
    private static final String REPLY = "{\"rationale\":\"the corridor ahead is clear\",\"intent\":"
            + "{\"action\":\"drive\",\"linear\":0.05,\"angular\":0.1}}";

    @Param({"10000"})
    public int episodes;

    private Path dir;
    private SqliteStore store;
    private SqliteEpisodicMemory memory;
    private final LexicalEmbedder embedder = new LexicalEmbedder(384);
    private PromptBuilder prompts;
    private ReplyValidator validator;
    private KernelImpl kernel;
    private PromptBuilder.Situation situation;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("bench-decision");
        StoreOptions options = new StoreOptions(dir.resolve("memory.db"), Synchronous.NORMAL, 200_000, 5000);
        store = new SqliteStore(options, Clock.systemUTC());
        store.open().get();
        memory = new SqliteEpisodicMemory(store, embedder, new RetentionPolicy(0, Duration.ZERO), Clock.systemUTC());
        memory.start().get();
        Random random = new Random(7);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<CompletableFuture<Episode>> acks = new ArrayList<>();
        String[] places = {"corridor", "kitchen door", "charging dock", "table", "pillar", "cabinet", "hall"};
        for (int i = 0; i < episodes; i++) {
            String s = "Pose: x=" + random.nextInt(5) + " y=" + random.nextInt(4) + " near the "
                    + places[random.nextInt(places.length)] + ", obstacle at " + random.nextInt(300) / 100.0 + " m";
            acks.add(memory.record(new NewEpisode(t0.plusSeconds(i), "brain", s,
                    "{\"action\":\"drive\",\"linear\":0.2,\"angular\":0.0}", "APPROVED", "approved",
                    new Embedding(embedder.id(), embedder.embed(s)))));
            if (acks.size() == 5000) {
                for (CompletableFuture<Episode> f : acks) {
                    f.get();
                }
                acks.clear();
            }
        }
        for (CompletableFuture<Episode> f : acks) {
            f.get();
        }
        if (memory.count().get() != episodes) {
            throw new IllegalStateException("expected " + episodes + " episodes");
        }
        prompts = new PromptBuilder("brain", "Patrol the room.");
        validator = new ReplyValidator(new IntentSchema(new ObjectMapper()), 16384);
        EventBus bus = new NullBus();
        HardwareRegistry registry = new HardwareRegistry(config(HardwareConfig.class), bus);
        kernel = new KernelImpl(config(KernelConfig.class), bus, registry, new AllowAll(), (java.nio.file.Path) null);
        List<DecisionRecord> recent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recent.add(new DecisionRecord("i-" + i, DecisionRecord.Source.LLM,
                    "{\"action\":\"drive\",\"linear\":0.2,\"angular\":0.0}", "clear", i % 2 == 0,
                    i % 2 == 0 ? "approved" : "rejected: [speed.linear] 0.9 m/s exceeds 0.5 m/s", 0));
        }
        situation = new PromptBuilder.Situation(Optional.of(new Pose2D(1.2, -0.4, 0.3)),
                new Clearance(4.2, 0.8, 1_000_000, true), List.of(),
                new SafetyStatus(SafetyState.NOMINAL, "", 0, 0, false), "all 9 ONLINE",
                List.of("[t-1, priority 5] inspect the kitchen door"), recent, List.of(), null, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prompt build + reply validation + kernel gate (the synchronous part on the loop thread). */
    @Benchmark
    public Decision promptValidateGate() {
        List<ChatMessage> chat = prompts.build(situation);
        if (chat.isEmpty()) {
            throw new IllegalStateException();
        }
        ReplyValidator.Valid valid = (ReplyValidator.Valid) validator.validate(REPLY);
        return kernel.submit("brain", valid.intent());
    }

    /** The whole decision overhead: top-3 recall from the episodic memory, then prompt, validation and gate. */
    @Benchmark
    public Decision recallPromptValidateGate() throws Exception {
        String text = PromptBuilder.situation(situation);
        var hits = memory.recall(RecallQuery.text(text, 3).fromSource("brain")).get().hits();
        PromptBuilder.Situation s = situation.withMemories(hits);
        List<ChatMessage> chat = prompts.build(s);
        if (chat.isEmpty()) {
            throw new IllegalStateException();
        }
        ReplyValidator.Valid valid = (ReplyValidator.Valid) validator.validate(REPLY);
        return kernel.submit("brain", valid.intent());
    }

    /** Schema validation alone. */
    @Benchmark
    public Object validateOnly() {
        return validator.validate(REPLY);
    }

    @SuppressWarnings("unchecked")
    static <A> A config(Class<A> type) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> type.getName();
            };
        });
    }

    /** Every agent holds every capability: the bench measures the rules, not a rejection short-cut. */
    static final class AllowAll implements Capabilities {
        @Override
        public boolean permits(String agentId, String capability) {
            return true;
        }

        @Override
        public Optional<AgentGrant> grant(String agentId) {
            return Optional.of(new AgentGrant(agentId, List.of("*"), Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY, Long.MAX_VALUE));
        }
    }

    /** A bus that drops everything (publishing cost only). */
    static final class NullBus implements EventBus {
        @Override
        public <T> void publish(Topic<T> topic, T payload, String correlationId) {
            // dropped
        }

        @Override
        public <T> BusSubscription subscribe(Topic<T> topic, String name, int capacity,
                Subscriber<? super T> subscriber) {
            return new NullSubscription();
        }

        @Override
        public BusSubscription subscribeAll(Predicate<Topic<?>> filter, String name, int capacity,
                Subscriber<Object> subscriber) {
            return new NullSubscription();
        }

        @Override
        public Collection<Topic<?>> topics() {
            return List.of();
        }

        @Override
        public Optional<Topic<?>> topic(String name) {
            return Optional.empty();
        }

        @Override
        public Collection<SubscriberStats> stats() {
            return List.of();
        }
    }

    static final class NullSubscription implements BusSubscription {
        @Override
        public SubscriberStats stats() {
            return new SubscriberStats("null", "null", 0, 0, 0, 0, 0, 0);
        }

        @Override
        public void close() {
            // nothing
        }
    }

}
