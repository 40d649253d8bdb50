package mechos.fleet.api;

/** Connection health of this robot's fleet link. */
public enum FleetHealth {
    /** Connected to the broker; presence and market traffic flow. */
    ONLINE,
    /** Connected, but something is wrong (e.g. the store-and-forward queue refused messages, subscriptions failed). */
    DEGRADED,
    /** Not connected: reliable messages wait in the bounded store-and-forward queue; reconnect is scheduled. */
    OFFLINE
}
