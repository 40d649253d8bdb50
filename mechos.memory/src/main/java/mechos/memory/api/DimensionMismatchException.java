package mechos.memory.api;

/** An embedding's dimension differs from the active embedder's; memory never compares vectors of different sizes. */
public class DimensionMismatchException extends MemoryException {
    private static final long serialVersionUID = 1L;

    private final int expected;
    private final int actual;

    public DimensionMismatchException(String embedderId, int expected, int actual) {
        super("embedding has dimension " + actual + " but the active embedder '" + embedderId + "' produces "
                + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public int expected() {
        return expected;
    }

    public int actual() {
        return actual;
    }
}
