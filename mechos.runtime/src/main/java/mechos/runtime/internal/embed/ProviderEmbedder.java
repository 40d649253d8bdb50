package mechos.runtime.internal.embed;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.memory.api.Embedder;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;
import mechos.runtime.api.llm.EmbeddingRequest;
import mechos.runtime.api.llm.EmbeddingResponse;
import mechos.runtime.api.llm.LlmProvider;
import mechos.runtime.internal.ConfigCheck;

/**
 * Memory's {@link Embedder} backed by an LLM provider's embedding endpoint. Memory calls it on its own executor;
 * every call is bounded by the configured timeout, and a failure only postpones that episode's embedding (memory
 * re-embeds it later). A vector of the wrong length is an error, never stored.
 */
@Component(service = Embedder.class, configurationPid = ProviderEmbedder.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ProviderEmbedderConfig.class)
public final class ProviderEmbedder implements Embedder {
    public static final String PID = "mechos.runtime.embedder";
    private static final Logger LOG = LoggerFactory.getLogger(ProviderEmbedder.class);

    private final LlmProvider provider;
    private final String id;
    private final int dimension;
    private final Duration timeout;

    /** The configuration checks its construction runs, for the bundle's configuration validator. */
    static final List<ConfigCheck<ProviderEmbedderConfig>> CHECKS = List.of(
            ConfigCheck.of(c -> checkId(c.mechos_embedder_id()), "mechos.embedder.id"),
            ConfigCheck.of(c -> checkDimension(c.dimension()), "dimension"),
            ConfigCheck.of(c -> checkTimeout(Duration.ofMillis(c.timeout_ms())), "timeout.ms"));

    /** @return what {@link #CHECKS} refuse in these proposed values of {@link #PID}, each naming its keys */
    public static List<ConfigurationProblem> problems(Map<String, Object> values) {
        return ConfigCheck.problems(CHECKS, ComponentProperties.as(ProviderEmbedderConfig.class, values));
    }

    @Activate
    public ProviderEmbedder(@Reference(name = "provider") LlmProvider provider, ProviderEmbedderConfig config) {
        this(provider, config.mechos_embedder_id(), config.dimension(), Duration.ofMillis(config.timeout_ms()));
        LOG.info("embeddings for memory from {} ({} dimensions)", id, dimension);
    }

    ProviderEmbedder(LlmProvider provider, String id, int dimension, Duration timeout) {
        checkId(id);
        checkDimension(dimension);
        checkTimeout(timeout);
        this.provider = provider;
        this.id = id;
        this.dimension = dimension;
        this.timeout = timeout;
    }

    private static void checkId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(PID + ": mechos.embedder.id must not be blank");
        }
    }

    private static void checkDimension(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException(PID + ": dimension must be positive, got " + dimension);
        }
    }

    private static void checkTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(PID + ": timeout.ms must be positive, got " + timeout.toMillis());
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) throws Exception {
        EmbeddingResponse response;
        try {
            response = provider.embed(new EmbeddingRequest(List.of(text == null ? "" : text), timeout))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new Exception("embedding by " + id + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new Exception("embedding by " + id + " took longer than " + timeout.toMillis() + " ms", e);
        }
        if (response == null || response.vectors().size() != 1) {
            throw new Exception("embedding by " + id + " returned "
                    + (response == null ? "nothing" : response.vectors().size() + " vectors") + " for one text");
        }
        float[] v = response.vectors().get(0);
        if (v == null || v.length != dimension) {
            throw new Exception("embedding by " + id + " has " + (v == null ? 0 : v.length)
                    + " dimensions, configured " + dimension + " (set 'dimension' in " + PID + ")");
        }
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new Exception("embedding by " + id + " contains a non-finite component");
            }
        }
        return v;
    }
}
