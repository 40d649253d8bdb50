package mechos.fleet.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The fleet's task market as this robot sees it. Tasks are posted by approved {@code PostTask} intents (read from
 * {@code kernel/decisions}), never through this interface. Any thread; never blocks.
 */
@ProviderType
public interface TaskMarket {
    /** @return every task known, sorted by id */
    List<TaskView> tasks();

    /**
     * Reports the task this robot executes as completed. Accepted only while this robot holds a valid lease of the
     * current epoch; the completion is then published and fenced by that epoch (a completion that arrives after
     * the lease was taken away is ignored by every robot and the task is done by the new holder).
     *
     * @return true when the completion was sent
     */
    boolean complete(String taskId);
}
