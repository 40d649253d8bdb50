package mechos.memory.api;

/**
 * A memory operation could not be done: the store is unavailable, the queue is full, or the request is invalid.
 * Delivered by completing a future exceptionally, never thrown into the caller's thread by a storage method.
 */
public class MemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MemoryException(String message) {
        super(message);
    }

    public MemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
