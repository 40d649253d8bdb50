package mechos.kernel.api.bus;

/** How a topic's messages are queued for each subscriber. */
public enum Delivery {
    /** Only the newest undelivered message is kept per subscriber; older ones are replaced (counted as conflated). */
    LATEST,
    /** A bounded FIFO per subscriber; a message that does not fit is dropped and counted as overflow. */
    RELIABLE
}
