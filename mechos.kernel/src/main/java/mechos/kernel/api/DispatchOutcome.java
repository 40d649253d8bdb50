package mechos.kernel.api;

/** How a driver call ended. */
public enum DispatchOutcome {
    /** The driver accepted the command within the deadline. */
    DONE,
    /** Nothing to do in hardware (e.g. AskHuman, PostTask): the approved decision itself is the result. */
    PUBLISHED,
    /** The driver threw; the device is marked FAULT. */
    FAILED,
    /** The driver did not return within the deadline; the device is marked FAULT. */
    TIMED_OUT,
    /** No usable device with that id (absent, OFFLINE or FAULT). */
    NO_DEVICE,
    /** The dispatch executor was saturated; the command was not sent. */
    REFUSED
}
