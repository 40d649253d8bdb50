package mechos.runtime.api.llm;

/**
 * What a provider talks to, safe to show: the key is never included, only whether one is set and its masked form.
 *
 * @param kind      the value of {@link LlmProvider#PROVIDER_PROPERTY}, e.g. {@code ollama}
 * @param endpoint  base URL, e.g. {@code http://127.0.0.1:11434}
 * @param model     model name, e.g. {@code llama3.2}
 * @param maskedKey the API key masked (e.g. {@code sk-…3f9a}), or an empty string when none is configured
 */
public record ProviderInfo(String kind, String endpoint, String model, String maskedKey) {
}
