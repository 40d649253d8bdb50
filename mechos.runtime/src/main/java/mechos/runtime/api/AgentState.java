package mechos.runtime.api;

/** What the agent loop is doing. */
public enum AgentState {
    /** Deciding with the LLM; the last decision was valid. */
    RUNNING,
    /** A decision is in flight and its deadline has not passed. */
    WAITING_FOR_LLM,
    /** An {@code AskHuman} intent was approved; the loop waits for an answer (or the answer timeout). */
    WAITING_FOR_HUMAN,
    /** The fallback behaviour tree drives the robot (LLM late, unreachable, limited, looping, or no answer). */
    FALLBACK,
    /** Paused by an operator: no LLM calls, no intents. */
    PAUSED
}
