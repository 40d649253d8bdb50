package mechos.hal.serial.internal.port;

/** Serial stop bits, as offered in the configuration forms. */
public enum StopBits {
    ONE, ONE_POINT_FIVE, TWO
}
