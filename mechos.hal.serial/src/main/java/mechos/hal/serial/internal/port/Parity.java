package mechos.hal.serial.internal.port;

/** Serial parity, as offered in the configuration forms. */
public enum Parity {
    NONE, ODD, EVEN, MARK, SPACE
}
