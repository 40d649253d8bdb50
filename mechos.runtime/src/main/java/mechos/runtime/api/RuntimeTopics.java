package mechos.runtime.api;

import mechos.kernel.api.bus.Topic;

/** The event-bus topics the agent publishes. */
public interface RuntimeTopics {
    /** The agent's state; only the newest matters. */
    Topic<AgentStatus> STATUS = Topic.latest("runtime/status", AgentStatus.class);

    /** Every intent the agent submitted, with the verdict. */
    Topic<DecisionRecord> DECISIONS = Topic.reliable("runtime/decisions", DecisionRecord.class);

    /** An AskHuman question the agent waits on. */
    Topic<HumanQuestion> QUESTIONS = Topic.reliable("runtime/questions", HumanQuestion.class);
}
