package mechos.hal.api;

/** How usable a device is right now. Ordered from best to worst; {@link #worse(HealthState)} picks the more severe. */
public enum HealthState {
    /** Working normally. */
    ONLINE,
    /** Working, but with reduced quality (e.g. dropped frames, timeouts being retried). Motion may continue. */
    DEGRADED,
    /** Not reachable (port closed, driver gone, not yet connected). Commands are not carried out. */
    OFFLINE,
    /** Reachable but broken (driver threw, hung, device reported an error). Commands are not carried out. */
    FAULT;

    /** @return the more severe of this and {@code other} */
    public HealthState worse(HealthState other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** @return true when commands may be sent to a device in this state (ONLINE or DEGRADED) */
    public boolean acceptsCommands() {
        return this == ONLINE || this == DEGRADED;
    }
}
