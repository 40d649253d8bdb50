package mechos.runtime.api;

/**
 * A snapshot of the agent loop, published on {@link RuntimeTopics#STATUS} whenever it changes and at least
 * once per second.
 *
 * @param agentId          the agent id the loop submits intents with ({@code brain})
 * @param state            what it is doing
 * @param reason           why it is in that state (e.g. {@code "token budget exhausted: 2000/2000 tokens,
 *                         renews in 41 s"}), never null, may be empty
 * @param pendingQuestion  the open AskHuman question, or null
 * @param fallbackTree     name of the active fallback tree, or null when not in fallback
 * @param decisions        decisions made since activation (LLM and fallback)
 * @param llmCalls         LLM calls made since activation
 * @param tokensInWindow   tokens counted in the current budget window
 * @param costEstimate     estimated cost since activation, in the configured currency unit
 * @param provider         the selected provider's kind and model, or an empty string when none is bound
 * @param wallMillis       when the snapshot was taken
 */
public record AgentStatus(String agentId, AgentState state, String reason, String pendingQuestion,
        String fallbackTree, long decisions, long llmCalls, long tokensInWindow, double costEstimate,
        String provider, long wallMillis) {
}
