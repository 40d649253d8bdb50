package mechos.runtime.internal.tasks;

/**
 * Inside mechos.runtime: whether a fleet task drives the robot right now. The agent loop's fallback behaviours
 * leave the motion to it while it does (two behaviours submitting Drives would fight at the gate).
 */
public interface TaskMotion {
    /** @return true while a task's behaviour is driving the robot */
    boolean active();
}
