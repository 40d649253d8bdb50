package mechos.hal.support;

import java.io.IOException;

/** Opens links to a device; the seam that lets sessions run against an in-memory link in unit tests. */
@FunctionalInterface
public interface Connector<S extends LinkSettings, L extends DeviceLink> {
    /** @throws IOException when the device is missing, busy or cannot be configured (the message says which) */
    L open(S settings) throws IOException;
}
