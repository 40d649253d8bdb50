package mechos.memory.internal.semantic;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import mechos.memory.api.Embedder;
import mechos.memory.api.Embedding;
import mechos.memory.api.LabelMatch;
import mechos.memory.api.LabelState;
import mechos.memory.api.SemanticState;
import mechos.memory.api.StoreHealth;
import mechos.memory.internal.store.MemoryStoreComponent;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;

/** The {@link SemanticState} service; the work is done by {@link SqliteSemanticState}. */
@Component(configurationPid = SemanticStateComponent.PID)
@Designate(ocd = SemanticStateConfig.class)
public final class SemanticStateComponent implements SemanticState {
    public static final String PID = "mechos.memory.semantic";

    private final AtomicReference<Embedder> provided = new AtomicReference<>();
    private final SqliteSemanticState state;

    @Activate
    public SemanticStateComponent(SemanticStateConfig config, @Reference MemoryStoreComponent store) {
        Embedder fallback = store.lexicalEmbedder();
        this.state = new SqliteSemanticState(store.store(), () -> {
            Embedder e = provided.get();
            return e != null ? e : fallback;
        }, options(config), Clock.systemUTC());
    }

    /** For the bundle's configuration validator: what {@link #options} refuses in {@code values}. */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        SemanticStateConfig c = ComponentProperties.as(SemanticStateConfig.class, values);
        return ConfigurationProblem.ifRefused(() -> options(c), "halfLifeSeconds", "gain", "pruneBelow").stream()
                .toList();
    }

    static SqliteSemanticState.Options options(SemanticStateConfig config) {
        try {
            return new SqliteSemanticState.Options(Duration.ofSeconds(config.halfLifeSeconds()), config.gain(),
                    config.pruneBelow());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + PID + " configuration: " + e.getMessage(), e);
        }
    }

    @Reference(name = "embedder", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEmbedder(Embedder embedder) {
        provided.set(embedder);
    }

    void unbindEmbedder(Embedder embedder) {
        provided.compareAndSet(embedder, null);
    }

    @Override
    public CompletableFuture<LabelState> observe(String label, String text) {
        return state.observe(label, text);
    }

    @Override
    public CompletableFuture<LabelState> observe(String label, Embedding embedding) {
        return state.observe(label, embedding);
    }

    @Override
    public CompletableFuture<Optional<LabelState>> get(String label) {
        return state.get(label);
    }

    @Override
    public CompletableFuture<List<LabelState>> list() {
        return state.list();
    }

    @Override
    public CompletableFuture<List<LabelMatch>> nearest(String text, int k) {
        return state.nearest(text, k);
    }

    @Override
    public CompletableFuture<Integer> prune() {
        return state.prune();
    }

    @Override
    public StoreHealth health() {
        return state.health();
    }
}
