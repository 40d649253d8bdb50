package mechos.memory.api;

/** A recording could not be started, or a recording file could not be read. */
public class RecorderException extends MemoryException {
    private static final long serialVersionUID = 1L;

    public RecorderException(String message) {
        super(message);
    }

    public RecorderException(String message, Throwable cause) {
        super(message, cause);
    }
}
