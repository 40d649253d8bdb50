package mechos.runtime.api.llm;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A large language model reachable by some protocol (Ollama's native API, an OpenAI-compatible server, a
 * scripted fake in tests).
 *
 * <p><b>Threading.</b> Every method returns at once and never blocks the caller; the work runs on the
 * provider's own threads. Futures complete exceptionally with an {@link LlmException} (possibly wrapped in a
 * {@link java.util.concurrent.CompletionException}) for every expected failure: timeouts, refused connections,
 * HTTP errors, oversized or malformed replies. Cancelling a returned future cancels the HTTP call.
 */
@ProviderType
public interface LlmProvider {
    /** Service property naming the provider kind; the agent's {@code llm.target} filter selects on it. */
    String PROVIDER_PROPERTY = "mechos.llm.provider";

    /** @return a description of the provider for consoles and logs (secrets masked), never null */
    ProviderInfo info();

    /**
     * Sends a chat. When {@link ChatRequest#jsonSchema()} is set the provider asks the model for JSON that
     * matches it (structured output); the caller still validates the reply.
     *
     * @param request never null
     * @return the reply; completes exceptionally with {@link LlmException} on failure
     */
    CompletableFuture<ChatResponse> chat(ChatRequest request);

    /**
     * Computes embeddings. Providers without an embedding endpoint complete the future exceptionally with an
     * {@link LlmException} of kind {@link LlmException.Kind#UNSUPPORTED}.
     *
     * @param request never null
     * @return one vector per input, in order
     */
    CompletableFuture<EmbeddingResponse> embed(EmbeddingRequest request);
}
