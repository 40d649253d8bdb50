package mechos.fleet.api;

/**
 * A task offered on the fleet's market.
 *
 * @param taskId         unique id (the posting intent's id)
 * @param kind           what to do, e.g. {@code goto}; robots bid only on kinds a {@link TaskExecutor} handles
 * @param title          short title
 * @param description    longer description, or empty
 * @param goalX          goal x in the shared map frame (m), NaN when the task has no goal pose
 * @param goalY          goal y (m), NaN when none
 * @param assignee       the robot it is meant for, or empty for anyone (others refuse to bid)
 * @param deadlineMillis poster's wall clock after which nobody should start it, 0 = none
 * @param poster         the robot that posted it
 */
public record MarketTask(String taskId, String kind, String title, String description, double goalX,
        double goalY, String assignee, long deadlineMillis, String poster) {
}
