package mechos.kernel.api;

/** JSON text that is not a valid intent. The message is meant for the LLM that produced it (and for logs). */
public class IntentFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param message human-readable reason, naming the field
     * @param field   the offending JSON property (e.g. {@code "linear"}, {@code "action"}), or null when the text
     *                is not a JSON object at all
     */
    public IntentFormatException(String message, String field) {
        super(message);
        this.field = field;
    }

    /** @return the offending JSON property, or null when the text as a whole is malformed */
    public String field() {
        return field;
    }
}
