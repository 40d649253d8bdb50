package mechos.runtime.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.ConfigurationValidator;
import mechos.runtime.internal.embed.ProviderEmbedder;
import mechos.runtime.internal.llm.OllamaProvider;
import mechos.runtime.internal.llm.OpenAiProvider;
import mechos.runtime.internal.loop.AgentLoop;
import mechos.runtime.internal.tasks.GotoTaskExecutor;

/**
 * Checks this bundle's configurations before its components see them, with each component's own checks (the
 * {@link ConfigCheck}s its activation runs): the agent loop's options and trees, the goto executor's options, the
 * LLM providers' transport and endpoint policy, the embedder's options. A refused value then never makes an
 * activation throw; the platform keeps the values in force and reports the refusal. Pure and stateless.
 */
@Component(service = ConfigurationValidator.class, property = {
        ConfigurationValidator.PIDS + "=" + AgentLoop.PID, ConfigurationValidator.PIDS + "=" + GotoTaskExecutor.PID,
        ConfigurationValidator.PIDS + "=" + OllamaProvider.PID, ConfigurationValidator.PIDS + "=" + OpenAiProvider.PID,
        ConfigurationValidator.PIDS + "=" + ProviderEmbedder.PID })
public final class RuntimeConfigurationValidator implements ConfigurationValidator {
    @Override
    public List<ConfigurationProblem> problems(String pid, String factoryPid, Map<String, Object> values) {
        return switch (factoryPid != null ? factoryPid : pid) {
            case AgentLoop.PID -> AgentLoop.problems(values);
            case GotoTaskExecutor.PID -> GotoTaskExecutor.problems(values);
            case OllamaProvider.PID -> OllamaProvider.problems(values);
            case OpenAiProvider.PID -> OpenAiProvider.problems(values);
            case ProviderEmbedder.PID -> ProviderEmbedder.problems(values);
            default -> List.of();
        };
    }
}
