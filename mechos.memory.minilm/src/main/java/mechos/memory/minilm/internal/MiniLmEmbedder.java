package mechos.memory.minilm.internal;

import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import mechos.memory.api.Embedder;

/**
 * A real sentence embedder that runs in-process without a network: all-MiniLM-L6-v2, quantised, on ONNX Runtime
 * (the model and both native libraries travel inside this bundle). Installing the bundle is enough: it registers
 * the {@link Embedder} service with a ranking above the LLM embedder's default, and episodic memory re-embeds the
 * episodes stored by the previous embedder in the background (vectors of different embedders are never mixed).
 *
 * <p>The model loads on activation (about a second; the native libraries are extracted to a temporary directory)
 * and embeds on memory's executor, never on the brain's thread.
 */
@Component(service = Embedder.class, property = {Embedder.PROPERTY_ID + "=" + MiniLmEmbedder.ID,
    "service.ranking:Integer=10"})
public final class MiniLmEmbedder implements Embedder {
    static final String ID = "minilm:all-MiniLM-L6-v2-q";
    static final int DIMENSION = 384;
    private static final Logger LOG = LoggerFactory.getLogger(MiniLmEmbedder.class);

    private final EmbeddingModel model;

    @Activate
    public MiniLmEmbedder() {
        long t0 = System.nanoTime();
        this.model = withBundleLoader(AllMiniLmL6V2QuantizedEmbeddingModel::new);
        LOG.info("embedder {} loaded in {} ms ({} dims, ONNX Runtime in-process)", ID,
                (System.nanoTime() - t0) / 1_000_000, DIMENSION);
    }

    @Deactivate
    void deactivate() {
        LOG.debug("embedder {} released", ID);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        // The model refuses blank text; an empty situation is embedded as the word "empty" (a stable, defined vector).
        String t = text == null || text.isBlank() ? "empty" : text;
        float[] v = withBundleLoader(() -> model.embed(t).content().vector());
        if (v.length != DIMENSION) {
            throw new IllegalStateException(ID + " returned " + v.length + " dimensions, expected " + DIMENSION);
        }
        return v;
    }

    /**
     * DJL's tokenizer finds its native library and properties through the thread's context class loader; inside
     * OSGi that must be this bundle's loader, or it looks in the framework's class path and fails.
     */
    private static <T> T withBundleLoader(Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(MiniLmEmbedder.class.getClassLoader());
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
