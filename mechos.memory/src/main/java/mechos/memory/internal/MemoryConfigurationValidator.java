package mechos.memory.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import mechos.memory.internal.episodic.EpisodicMemoryComponent;
import mechos.memory.internal.recorder.BusRecorder;
import mechos.memory.internal.semantic.SemanticStateComponent;
import mechos.memory.internal.store.MemoryStoreComponent;
import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.ConfigurationValidator;

/**
 * Checks this bundle's configurations before its components see them, with each component's own check (a static
 * function its activation calls too): episodic retention, semantic decay, recorder options, store options. A refused
 * value then never makes an activation throw; the platform keeps the values in force and reports the refusal.
 * Pure and stateless.
 */
@Component(service = ConfigurationValidator.class, property = {
        ConfigurationValidator.PIDS + "=" + EpisodicMemoryComponent.PID,
        ConfigurationValidator.PIDS + "=" + SemanticStateComponent.PID,
        ConfigurationValidator.PIDS + "=" + BusRecorder.PID,
        ConfigurationValidator.PIDS + "=" + MemoryStoreComponent.PID })
public final class MemoryConfigurationValidator implements ConfigurationValidator {
    @Override
    public List<ConfigurationProblem> problems(String pid, String factoryPid, Map<String, Object> values) {
        return switch (factoryPid != null ? factoryPid : pid) {
            case EpisodicMemoryComponent.PID -> EpisodicMemoryComponent.problems(values);
            case SemanticStateComponent.PID -> SemanticStateComponent.problems(values);
            case BusRecorder.PID -> BusRecorder.problems(values);
            case MemoryStoreComponent.PID -> MemoryStoreComponent.problems(values);
            default -> List.of();
        };
    }
}
