package mechos.perception.api;

/** A transform lookup that cannot be answered, with the reason. Thrown by {@link Transforms}. */
public class TransformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a lookup failed. */
    public enum Reason {
        /** One of the frames was never declared or published. */
        UNKNOWN_FRAME,
        /** Both frames are known but belong to different trees. */
        NOT_CONNECTED,
        /** A dynamic transform on the path has no data at the requested time (before or after its history). */
        OUT_OF_HISTORY
    }

    private final Reason reason;

    public TransformException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
