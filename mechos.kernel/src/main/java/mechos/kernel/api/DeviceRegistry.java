package mechos.kernel.api;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Read-only view of the kernel's hardware registry: every HAL device service seen since start, keyed by
 * {@code mechos.device.id}. Registered as a service. Answers from cached state; never calls a driver.
 */
@ProviderType
public interface DeviceRegistry {
    /** @return a snapshot of every device, sorted by id */
    Collection<DeviceInfo> devices();

    /** @return one device, if known */
    Optional<DeviceInfo> device(String id);

    /**
     * @return device services refused for a duplicate id (issue 13: shown on the MechOS page and in
     *         {@code mechos:status}, not only in the log); empty when none
     * @since 1.4
     */
    default List<RefusedDevice> refused() {
        return List.of();
    }
}
