package mechos.memory.internal.foxglove;

/**
 * A client frame the server does not accept (not JSON, unknown op, malformed fields, a binary frame too short or of
 * an unknown opcode): the one error the frame decoder may raise. The server answers it with an error status to that
 * client and goes on.
 */
public final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
        super(message);
    }
}
