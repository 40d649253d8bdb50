package mechos.runtime.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The agent loop as a service, for consoles, shell commands and tests.
 *
 * <p><b>Threading.</b> Every method returns at once (it only hands work to the loop's own thread) and may be
 * called from any thread. None throws for an expected situation; results say what happened.
 */
@ProviderType
public interface Agent {
    /** @return the current status, never null */
    AgentStatus status();

    /** @return up to the last 50 decisions, oldest first, never null */
    List<DecisionRecord> lastDecisions();

    /**
     * Answers the pending {@code AskHuman} question; the answer goes into the next prompt and the loop resumes.
     *
     * @param answer the operator's text, never null
     * @return true when a question was pending and is now answered; false when none was pending
     */
    boolean answer(String answer);

    /** Stops deciding (no LLM calls, no intents) and submits one Stop. Idempotent. */
    void pause();

    /** Resumes after {@link #pause()}. Idempotent. */
    void resume();
}
