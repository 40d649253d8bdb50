package mechos.kernel.api;

/**
 * Published by the world model on {@link KernelTopics#WORLD_CHANGED} when it has integrated new data (e.g. after
 * each scan), so the kernel re-assesses the current motion at once instead of at its next safety tick.
 *
 * @param timestampNanos {@link System#nanoTime()} of the update
 * @since 1.2
 */
public record WorldChanged(long timestampNanos) {
}
