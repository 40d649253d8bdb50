package mechos.runtime.api.llm;

/** Who said a chat message. */
public enum Role {
    SYSTEM, USER, ASSISTANT;

    /** @return the lower-case wire name used by both the Ollama and the OpenAI APIs */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
