package mechos.kernel.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A safety rule the gate applies to every intent after the capability check. Rules are whiteboard services:
 * register an implementation and the kernel picks it up (and drops it when it goes away), so a new rule bundle
 * can be hot-installed. Give each rule a Config Admin configuration with metatype for its limits.
 *
 * <p><b>Threading.</b> Called on the submitting thread, concurrently. Must be fast (microseconds), must not
 * block, must not call drivers; read everything it needs from the {@link RuleContext}. A rule that throws
 * is treated as a CRITICAL violation (fail safe) and logged.
 */
@ConsumerType
public interface SafetyRule {
    /** @return a stable id used as the prefix of this rule's violation ids, e.g. {@code "speed"} */
    String id();

    /**
     * @return every violation of this rule by {@code intent}; an empty list when it complies. Never null.
     */
    List<Violation> check(Intent intent, RuleContext context);
}
