package mechos.kernel.internal.grants;

/** A grant file that must not be trusted; the message says why. */
final class GrantException extends Exception {
    private static final long serialVersionUID = 1L;

    GrantException(String message) {
        super(message);
    }

    GrantException(String message, Throwable cause) {
        super(message, cause);
    }
}
