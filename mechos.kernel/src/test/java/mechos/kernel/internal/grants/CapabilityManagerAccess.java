package mechos.kernel.internal.grants;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import mechos.kernel.internal.Configs;

/** Test access to the package-private constructor. */
public final class CapabilityManagerAccess {
    private CapabilityManagerAccess() {
    }

    /** Signs {@code file} like a grant file with the development private key of {@code home}. */
    public static void signWithDevKey(Path home, Path file) throws Exception {
        GrantFile.sign(file, Ed25519.privateKey(Ed25519.read(home.resolve(CapabilityManager.DEV_PRIVATE))));
    }

    /** Signs {@code file} with a fresh key nobody trusts. */
    public static void signWithStrangerKey(Path file) throws Exception {
        GrantFile.sign(file, Ed25519.generate().getPrivate());
    }

    public static CapabilityManager devMode(Path home, Clock clock) {
        return new CapabilityManager(Configs.of(GrantsConfig.class, Map.of("dev__mode", true)), home, clock);
    }
}
