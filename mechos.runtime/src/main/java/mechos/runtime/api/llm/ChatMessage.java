package mechos.runtime.api.llm;

/**
 * One message of a chat.
 *
 * @param role    never null
 * @param content never null
 */
public record ChatMessage(Role role, String content) {
    public ChatMessage {
        java.util.Objects.requireNonNull(role, "role");
        java.util.Objects.requireNonNull(content, "content");
    }
}
