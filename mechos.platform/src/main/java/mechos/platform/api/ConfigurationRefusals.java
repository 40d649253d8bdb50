package mechos.platform.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The configuration values the platform's metatype check refused and that are still current (for the MechOS page's
 * "configuration rejected" line; the kernel reports its own through its status). Registered by {@code mechos.platform}.
 */
@ProviderType
public interface ConfigurationRefusals {
    /**
     * @return one line per refused key whose refusal is current (the PID's newest configuration held the refused
     *         value), naming PID, key, value, reason and the value in force; sorted
     */
    List<String> current();
}
