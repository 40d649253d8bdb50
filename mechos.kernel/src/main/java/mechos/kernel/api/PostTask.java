package mechos.kernel.api;

/**
 * Post a task on the task board. Wire name {@value #ACTION}.
 *
 * @param title       short title, required
 * @param description nullable longer description
 * @param assignee    nullable agent or robot id the task is meant for; null = anyone
 */
public record PostTask(String title, String description, String assignee) implements Intent {
    /** Wire name of this action. */
    public static final String ACTION = "post_task";
}
