package mechos.platform.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where this robot keeps what must survive a restart: configuration ({@code conf/}), framework storage
 * ({@code felix/}), memory, recordings, grants, logs. Registered as a service by {@code mechos.platform}.
 *
 * <p>Resolved once at start from the framework/system property {@value #PROPERTY} (the {@code ./mechos} launch
 * script sets it from {@code MECHOS_HOME}), defaulting to {@code ~/.mechos}. The directory exists when the
 * service is registered.
 */
@ProviderType
public interface RunDirectory {
    /** Framework or system property naming the run directory. */
    String PROPERTY = "mechos.home";

    /** @return the absolute run directory */
    Path home();

    /**
     * @param relative a relative path such as {@code "memory.db"} or {@code "recordings"}
     * @return {@code home().resolve(relative)} (not created)
     */
    default Path resolve(String relative) {
        return home().resolve(relative);
    }
}
