package mechos.hal.serial.internal.port;

import java.io.IOException;

/** Opens serial links; the seam that lets protocol sessions run against an in-memory link in unit tests. */
@FunctionalInterface
public interface SerialLinkFactory {
    /** @throws IOException when the port is missing, busy or cannot be configured (the message says which) */
    SerialLink open(PortSettings settings) throws IOException;
}
