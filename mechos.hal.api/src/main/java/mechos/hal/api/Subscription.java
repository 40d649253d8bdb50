package mechos.hal.api;

import org.osgi.annotation.versioning.ProviderType;

/** Handle of a {@link SensorSource#subscribe} registration. */
@ProviderType
public interface Subscription extends AutoCloseable {
    /** Removes the listener. Idempotent; never throws. */
    @Override
    void close();
}
