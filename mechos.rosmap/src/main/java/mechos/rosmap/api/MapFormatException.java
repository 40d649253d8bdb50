package mechos.rosmap.api;

/** A world or map file that cannot be used; the message names the file and the problem. */
public final class MapFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public MapFormatException(String file, String problem) {
        super("map file " + file + ": " + problem);
    }

    public MapFormatException(String file, String problem, Throwable cause) {
        super("map file " + file + ": " + problem, cause);
    }
}
