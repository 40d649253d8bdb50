package mechos.memory.api;

import java.time.Instant;

/**
 * A task on the board, as read at one moment.
 *
 * @param id           board-assigned id (unique across processes sharing the file)
 * @param title        description
 * @param payload      detail JSON or empty
 * @param priority     higher first
 * @param state        OPEN, CLAIMED or DONE; a claim whose lease has expired reads as OPEN
 * @param claimant     current or last claimant, or null
 * @param claimToken   increases with every successful claim; complete/release/renew must quote the token of
 *                     their own claim (a fencing token, so a claimant whose lease expired cannot act on a task
 *                     someone else has claimed since)
 * @param leaseExpires when the current claim expires, or null
 * @param created      when it was posted
 * @param updated      last change
 * @param result       completion result or empty
 */
public record Task(String id, String title, String payload, int priority, TaskState state, String claimant,
        long claimToken, Instant leaseExpires, Instant created, Instant updated, String result) {
}
