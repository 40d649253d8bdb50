package mechos.memory.internal.episodic;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import mechos.memory.api.Embedder;
import mechos.memory.api.Episode;
import mechos.memory.api.EpisodicMemory;
import mechos.memory.api.NewEpisode;
import mechos.memory.api.RecallQuery;
import mechos.memory.api.RecallResult;
import mechos.memory.api.RetentionPolicy;
import mechos.memory.api.StoreHealth;
import mechos.memory.internal.store.MemoryStoreComponent;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;

/** The {@link EpisodicMemory} service; the work is done by {@link SqliteEpisodicMemory}. */
@Component(configurationPid = EpisodicMemoryComponent.PID)
@Designate(ocd = EpisodicMemoryConfig.class)
public final class EpisodicMemoryComponent implements EpisodicMemory {
    public static final String PID = "mechos.memory.episodic";

    private final SqliteEpisodicMemory memory;

    @Activate
    public EpisodicMemoryComponent(EpisodicMemoryConfig config, @Reference MemoryStoreComponent store) {
        this(new SqliteEpisodicMemory(store.store(), store.lexicalEmbedder(), retention(config), Clock.systemUTC()));
    }

    EpisodicMemoryComponent(SqliteEpisodicMemory memory) {
        this.memory = memory;
        memory.start();
    }

    /** For the bundle's configuration validator: what {@link #retention} refuses in {@code values}. */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        EpisodicMemoryConfig c = ComponentProperties.as(EpisodicMemoryConfig.class, values);
        return ConfigurationProblem.ifRefused(() -> retention(c), "maxCount", "maxAgeSeconds").stream().toList();
    }

    static RetentionPolicy retention(EpisodicMemoryConfig config) {
        try {
            return new RetentionPolicy(config.maxCount(), Duration.ofSeconds(config.maxAgeSeconds()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + PID + " maxCount/maxAgeSeconds: " + e.getMessage(), e);
        }
    }

    @Reference(name = "embedder", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEmbedder(Embedder embedder) {
        memory.setEmbedder(embedder);
    }

    void unbindEmbedder(Embedder embedder) {
        memory.unsetEmbedder(embedder);
    }

    @Override
    public CompletableFuture<Episode> record(NewEpisode episode) {
        return memory.record(episode);
    }

    @Override
    public CompletableFuture<RecallResult> recall(RecallQuery query) {
        return memory.recall(query);
    }

    @Override
    public CompletableFuture<Long> count() {
        return memory.count();
    }

    @Override
    public CompletableFuture<Long> applyRetention() {
        return memory.applyRetention();
    }

    @Override
    public RetentionPolicy retention() {
        return memory.retention();
    }

    @Override
    public String activeEmbedderId() {
        return memory.activeEmbedderId();
    }

    @Override
    public StoreHealth health() {
        return memory.health();
    }
}
