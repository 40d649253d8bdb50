package mechos.hal.serial.internal.port;

import java.io.IOException;

import mechos.hal.support.Connector;

/** Opens serial links; the seam that lets protocol sessions run against an in-memory link in unit tests. */
@FunctionalInterface
public interface SerialLinkFactory extends Connector<PortSettings, SerialLink> {
    /** @throws IOException when the port is missing, busy or cannot be configured (the message says which) */
    @Override
    SerialLink open(PortSettings settings) throws IOException;
}
