package mechos.memory.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns text into a fixed-size vector. Register one as a service to replace memory's built-in offline embedder
 * (a lexical feature-hashing embedder, used whenever no service is present); the highest-ranked service wins.
 *
 * <p><b>Threading.</b> Called only on memory's executor, never on the brain's thread; it may block (e.g. an HTTP
 * call), which delays other memory work, so implementations should bound their own time.
 * <b>Failures.</b> An exception means "no embedding now": the episode is still stored, without a vector, and is
 * embedded again later; it is counted as pending in {@link RecallResult#pendingReembed()} until then.
 */
@ConsumerType
public interface Embedder {
    /** Service property naming the embedder, e.g. {@code ollama:nomic-embed-text}. */
    String PROPERTY_ID = "mechos.embedder.id";

    /** @return a stable id; vectors from different ids are never compared */
    String id();

    /** @return the fixed dimension of every vector this embedder returns */
    int dimension();

    /**
     * @param text any text, possibly empty
     * @return a vector of exactly {@link #dimension()} components
     * @throws Exception when no embedding can be produced now
     */
    float[] embed(String text) throws Exception;
}
