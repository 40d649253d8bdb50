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
 * @param limits           the configured limits and how much of them is used now; never null ({@link
 *                         UsageLimits#NONE} when given null)
 * @param lastInvalidReply the last model reply the brain rejected before it reached the kernel, with the model
 *                         and why it was invalid (e.g. {@code "from llama3.2: not JSON ... | reply: sure! ..."}),
 *                         or null when there was none since activation (since 1.2)
 */
public record AgentStatus(String agentId, AgentState state, String reason, String pendingQuestion,
        String fallbackTree, long decisions, long llmCalls, long tokensInWindow, double costEstimate,
        String provider, long wallMillis, UsageLimits limits, String lastInvalidReply) {

    public AgentStatus {
        limits = limits == null ? UsageLimits.NONE : limits;
    }

    /** A status without an invalid reply (the form before 1.2). */
    public AgentStatus(String agentId, AgentState state, String reason, String pendingQuestion,
            String fallbackTree, long decisions, long llmCalls, long tokensInWindow, double costEstimate,
            String provider, long wallMillis, UsageLimits limits) {
        this(agentId, state, reason, pendingQuestion, fallbackTree, decisions, llmCalls, tokensInWindow,
                costEstimate, provider, wallMillis, limits, null);
    }

    /**
     * The brain's LLM limits against current use (the loop falls back when one is reached).
     *
     * @param tokenBudget          tokens allowed per window; 0 = no budget
     * @param tokenWindowSeconds   length of a budget window
     * @param windowRenewsInMillis time until the current budget window renews
     * @param requestsPerMinute    LLM requests allowed per minute; 0 = no limit
     * @param requestsLastMinute   LLM requests made in the last 60 s
     */
    public record UsageLimits(long tokenBudget, long tokenWindowSeconds, long windowRenewsInMillis,
            int requestsPerMinute, int requestsLastMinute) {
        /** No limits configured, nothing used. */
        public static final UsageLimits NONE = new UsageLimits(0, 0, 0, 0, 0);
    }
}
