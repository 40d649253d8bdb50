package mechos.kernel.api;

/** The kernel's safety state, most severe last. */
public enum SafetyState {
    /** Normal operation: intents are checked and carried out. */
    NOMINAL,
    /** Manual override: AI intents are suspended; operator intents still pass the physical rules. */
    OVERRIDE,
    /** The monitor stopped the robot (reason in {@link SafetyStatus#reason()}); motion is rejected until recovery. */
    SAFE_STOP,
    /** Emergency stop latched; everything that moves is rejected until an explicit operator reset. */
    ESTOP_LATCHED
}
