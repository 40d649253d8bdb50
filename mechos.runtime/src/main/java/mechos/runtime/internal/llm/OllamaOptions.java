package mechos.runtime.internal.llm;

/**
 * The Ollama provider's settings (from {@link OllamaConfig}).
 *
 * @param http        transport
 * @param model       chat model, e.g. {@code llama3.2}
 * @param embedModel  embedding model, e.g. {@code nomic-embed-text}
 * @param keepAlive   how long Ollama keeps the model loaded after a call, e.g. {@code 5m}
 * @param temperature sampling temperature
 * @param numCtx      context window in tokens, or 0 for the model's default
 */
record OllamaOptions(HttpOptions http, String model, String embedModel, String keepAlive, double temperature,
        int numCtx) {
}
