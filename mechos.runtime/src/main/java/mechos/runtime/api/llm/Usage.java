package mechos.runtime.api.llm;

/**
 * Token counts of one call.
 *
 * @param promptTokens     tokens read
 * @param completionTokens tokens generated
 * @param estimated        true when the server reported no usage and the counts are estimates (≈ 4 characters
 *                         per token)
 */
public record Usage(long promptTokens, long completionTokens, boolean estimated) {
    /** @return prompt + completion tokens */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
