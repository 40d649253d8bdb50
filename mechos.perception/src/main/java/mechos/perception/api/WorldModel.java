package mechos.perception.api;

import org.osgi.annotation.versioning.ProviderType;

/** Perception's summary for the runtime (the brain) and the operator console. Any thread; never blocks. */
@ProviderType
public interface WorldModel {
    /** @return a consistent snapshot of pose, nearby obstacles and input counters; never null */
    WorldSnapshot snapshot();
}
