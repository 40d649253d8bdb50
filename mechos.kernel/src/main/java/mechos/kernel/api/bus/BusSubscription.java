package mechos.kernel.api.bus;

import org.osgi.annotation.versioning.ProviderType;

/** A live subscription. Closing it stops delivery and releases its thread; closing twice is harmless. */
@ProviderType
public interface BusSubscription extends AutoCloseable {
    /** @return statistics of this subscriber's queue */
    SubscriberStats stats();

    @Override
    void close();
}
