package mechos.runtime.internal.loop;

import java.util.function.Supplier;

import mechos.fleet.api.FleetView;
import mechos.kernel.api.Capabilities;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.Watchdog;
import mechos.memory.api.EpisodicMemory;
import mechos.memory.api.TaskBoard;
import mechos.runtime.api.llm.LlmProvider;
import mechos.runtime.internal.tasks.TaskMotion;

/**
 * The optional services the agent uses, each as it is bound right now (null when absent). {@link AgentLoop} backs
 * them with its dynamic references; tests pass fixed ones. {@code taskMotion}: the fleet's goto executor, whose
 * running task keeps the fallback behaviours from driving.
 */
record AgentServices(Supplier<LlmProvider> llm, Supplier<EpisodicMemory> memory, Supplier<Watchdog> watchdog,
        Supplier<DeviceRegistry> devices, Supplier<TaskBoard> tasks, Supplier<Capabilities> capabilities,
        Supplier<FleetView> fleet, Supplier<TaskMotion> taskMotion) {

    /** Without a fleet task executor (tests). */
    AgentServices(Supplier<LlmProvider> llm, Supplier<EpisodicMemory> memory, Supplier<Watchdog> watchdog,
            Supplier<DeviceRegistry> devices, Supplier<TaskBoard> tasks, Supplier<Capabilities> capabilities,
            Supplier<FleetView> fleet) {
        this(llm, memory, watchdog, devices, tasks, capabilities, fleet, () -> null);
    }
}
