package mechos.runtime.api;

/**
 * One intent the agent submitted and what the kernel said, published on {@link RuntimeTopics#DECISIONS}.
 *
 * @param intentId    the id the loop gave the intent (also the bus correlation id and the log MDC)
 * @param source      who chose it
 * @param intentJson  the intent in its wire form
 * @param rationale   the model's short explanation, or the fallback node that produced it
 * @param approved    true when the kernel approved it
 * @param verdict     the kernel's verdict text (reason of a rejection), never null
 * @param wallMillis  when it was submitted
 */
public record DecisionRecord(String intentId, Source source, String intentJson, String rationale,
        boolean approved, String verdict, long wallMillis) {

    /** Where a decision came from. */
    public enum Source {
        LLM, FALLBACK
    }
}
