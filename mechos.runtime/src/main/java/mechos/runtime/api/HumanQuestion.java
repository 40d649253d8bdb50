package mechos.runtime.api;

/**
 * A question for the operator, from an approved {@code AskHuman} intent.
 *
 * @param questionId       id to answer with (the intent id)
 * @param agentId          who asks
 * @param question         the text
 * @param contextImageId   optional camera frame / recording id, or null
 * @param deadlineWallMillis when the agent stops waiting and falls back
 */
public record HumanQuestion(String questionId, String agentId, String question, String contextImageId,
        long deadlineWallMillis) {
}
