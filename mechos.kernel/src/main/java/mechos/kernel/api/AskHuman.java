package mechos.kernel.api;

/**
 * Ask the operator a question; the answer arrives as an operator message. Wire name {@value #ACTION}.
 *
 * @param question       the question, required, non-blank
 * @param contextImageId nullable id of a camera frame / recording the question refers to
 */
public record AskHuman(String question, String contextImageId) implements Intent {
    /** Wire name of this action. */
    public static final String ACTION = "ask_human";
}
