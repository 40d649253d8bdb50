package mechos.kernel.api;

/** How a driver call ended. */
public enum DispatchOutcome {
    /** The driver accepted the command within the deadline. */
    DONE,
    /** Nothing to do in hardware (e.g. AskHuman, PostTask): the approved decision itself is the result. */
    PUBLISHED,
    /** The driver threw an unexpected exception; the device is marked FAULT until an operator reset. */
    FAILED,
    /**
     * The driver declined with a {@code DeviceException}: expected device trouble (not connected yet, port gone).
     * The device is OFFLINE with that reason until its driver reports its health again; no operator reset is
     * needed. Motion that depended on it is stopped.
     */
    UNAVAILABLE,
    /** The driver did not return within the deadline; the device is marked FAULT. */
    TIMED_OUT,
    /** No usable device with that id (absent, OFFLINE or FAULT). */
    NO_DEVICE,
    /** The dispatch executor was saturated; the command was not sent. */
    REFUSED
}
