package mechos.kernel.internal.grants;

import java.util.Optional;

/**
 * Where the fingerprint of the pinned development grant-signing key is recorded. It must live somewhere other
 * than the key files themselves ({@code <run dir>/grants/}): whoever can replace {@code dev-public.key} must
 * not thereby also be able to re-pin it. In OSGi it is a Config Admin configuration ({@link ConfigAdminKeyPin});
 * outside OSGi (unit tests, benchmarks) a file ({@link FileKeyPin}).
 */
interface KeyPin {
    /** @return the pinned fingerprint ({@code SHA-256:<hex>}), empty when nothing was ever pinned */
    Optional<String> read() throws GrantException;

    /** Records {@code fingerprint} as the pinned development key. */
    void write(String fingerprint) throws GrantException;

    /** @return where the pin is kept, for log and status messages */
    String describe();
}
