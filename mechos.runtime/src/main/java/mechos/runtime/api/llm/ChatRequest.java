package mechos.runtime.api.llm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A chat call.
 *
 * @param messages    the conversation, never empty
 * @param schemaName  a short name for the schema (OpenAI requires one), e.g. {@code intent_reply}
 * @param jsonSchema  the JSON Schema (as JSON text) the reply must follow, or null for free text
 * @param deadline    total time the caller is willing to wait, including retries; never null, positive
 * @param maxTokens   upper bound on generated tokens, or 0 for the provider's default
 * @param correlationId an id to log with the call (e.g. the decision id), or null
 */
public record ChatRequest(List<ChatMessage> messages, String schemaName, String jsonSchema, Duration deadline,
        int maxTokens, String correlationId) {
    public ChatRequest {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat needs at least one message");
        }
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
    }
}
