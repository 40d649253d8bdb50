package mechos.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Heartbeat supervision of components the robot's motion depends on (e.g. the agent loop). While the robot
 * moves, a registered heartbeat that is overdue makes the safety monitor stop it (SAFE_STOP).
 */
@ProviderType
public interface Watchdog {
    /**
     * @param component     name shown in reasons and logs
     * @param timeoutMillis a beat must arrive at least this often (&gt; 0)
     * @return the heartbeat handle; it counts as beaten once at registration
     */
    Heartbeat register(String component, long timeoutMillis);

    /** A registered heartbeat. */
    @ProviderType
    interface Heartbeat extends AutoCloseable {
        /** Records a beat. Cheap, never blocks; call from any thread. */
        void beat();

        /** Stops supervision of this component. Idempotent. */
        @Override
        void close();
    }
}
