package mechos.runtime.api.llm;

/**
 * A model's reply.
 *
 * @param content   the assistant message text (JSON text when a schema was requested), never null
 * @param model     the model that answered, as reported by the server (or the configured one)
 * @param usage     token counts, never null
 * @param latencyNanos time from sending the first request to the parsed reply, including retries
 * @param attempts  HTTP attempts made (1 when the first one succeeded)
 */
public record ChatResponse(String content, String model, Usage usage, long latencyNanos, int attempts) {
}
