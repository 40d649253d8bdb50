package mechos.memory.internal.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import mechos.memory.internal.embed.LexicalEmbedder;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationChecks;
import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.RunDirectory;

/**
 * Owns memory.db for the bundle's other components. Activation only schedules opening on the storage thread.
 * Registered under its own (private) class: only this bundle's components use it.
 */
@Component(service = MemoryStoreComponent.class, configurationPid = MemoryStoreComponent.PID)
@Designate(ocd = MemoryStoreConfig.class)
public final class MemoryStoreComponent {
    public static final String PID = "mechos.memory.store";

    private final SqliteStore store;
    private final LexicalEmbedder lexical;

    @Activate
    public MemoryStoreComponent(MemoryStoreConfig config, @Reference RunDirectory runDirectory) {
        this(options(config, runDirectory), new LexicalEmbedder(config.lexicalDimension()), Clock.systemUTC());
    }

    MemoryStoreComponent(StoreOptions options, LexicalEmbedder lexical, Clock clock) {
        this.store = new SqliteStore(options, clock);
        this.lexical = lexical;
        store.open();
    }

    /**
     * For the bundle's configuration validator: what {@link #options} and the lexical embedder refuse in
     * {@code values} (an empty path is the run directory's {@code memory.db}: not looked at here).
     */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        MemoryStoreConfig c = ComponentProperties.as(MemoryStoreConfig.class, values);
        RunDirectory unresolved = () -> Path.of(".");
        return new ConfigurationChecks()
                .check(() -> options(c, unresolved), "path", "synchronous", "queueCapacity", "busyTimeoutMs")
                .check(() -> new LexicalEmbedder(c.lexicalDimension()), "lexicalDimension")
                .problems();
    }

    static StoreOptions options(MemoryStoreConfig config, RunDirectory runDirectory) {
        String p = config.path() == null ? "" : config.path().trim();
        Path path = p.isEmpty() ? runDirectory.resolve("memory.db") : Path.of(p);
        try {
            return new StoreOptions(path, config.synchronous(), config.queueCapacity(), config.busyTimeoutMs());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + PID + " configuration: " + e.getMessage(), e);
        }
    }

    public SqliteStore store() {
        return store;
    }

    public LexicalEmbedder lexicalEmbedder() {
        return lexical;
    }

    @Deactivate
    void deactivate() {
        store.close();
    }
}
