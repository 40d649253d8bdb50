package mechos.kernel.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who may do what, from the signed grant file. Registered as a service by the kernel; other bundles ask it
 * before serving an agent (e.g. memory access, model inference).
 *
 * <h2>Capability names</h2>
 * {@code <type>:<target>}, where a {@code *} in a granted capability matches any sequence of characters:
 * <ul>
 * <li>invoke a device: the device kind prefix and the device id, e.g. {@code drive:base}, {@code relay:*},
 * {@code effector:arm} (see {@code mechos.hal.api.DeviceKind#prefix()})</li>
 * <li>read a sensor topic: {@code sensor:<topic>}, e.g. {@code sensor:perception/*}</li>
 * <li>model inference: {@code model:<model name>}</li>
 * <li>memory: {@code memory:read}, {@code memory:write}</li>
 * <li>fleet communication: {@code fleet:message}, {@code fleet:broadcast}</li>
 * <li>task board: {@code tasks:post}; asking a person: {@code human:ask}</li>
 * </ul>
 * Unknown agents, and every agent when the grant file is missing, unsigned, tampered, expired, invalid or signed by
 * an untrusted key, hold nothing. An agent id with a principal ({@code "operator:alice"}, see {@link Kernel}) holds
 * what its agent ({@link Kernel#agentOf}) holds.
 */
@ProviderType
public interface Capabilities {
    String SENSOR = "sensor";
    String MODEL = "model";
    String MEMORY_READ = "memory:read";
    String MEMORY_WRITE = "memory:write";
    String FLEET_MESSAGE = "fleet:message";
    String FLEET_BROADCAST = "fleet:broadcast";
    String TASKS_POST = "tasks:post";
    String HUMAN_ASK = "human:ask";

    /** @return true when the agent holds a grant matching {@code capability} */
    boolean permits(String agentId, String capability);

    /** @return the agent's grant, empty for unknown agents */
    Optional<AgentGrant> grant(String agentId);
}
