package mechos.kernel.internal.grants;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import mechos.kernel.internal.Configs;

/** Test access to the package-private constructor. */
public final class CapabilityManagerAccess {
    private CapabilityManagerAccess() {
    }

    public static CapabilityManager devMode(Path home, Clock clock) {
        return new CapabilityManager(Configs.of(GrantsConfig.class, Map.of("dev__mode", true)), home, clock);
    }
}
