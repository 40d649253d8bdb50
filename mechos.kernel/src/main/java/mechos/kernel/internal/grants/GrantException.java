package mechos.kernel.internal.grants;

/** A grant file that must not be trusted; the message says why. */
public final class GrantException extends Exception {
    private static final long serialVersionUID = 1L;

    public GrantException(String message) {
        super(message);
    }

    public GrantException(String message, Throwable cause) {
        super(message, cause);
    }
}
