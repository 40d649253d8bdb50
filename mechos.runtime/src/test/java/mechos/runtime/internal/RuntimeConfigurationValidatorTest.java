package mechos.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;
import mechos.runtime.internal.embed.ProviderEmbedder;
import mechos.runtime.internal.embed.ProviderEmbedderConfig;
import mechos.runtime.internal.llm.HttpOptions;
import mechos.runtime.internal.llm.OllamaConfig;
import mechos.runtime.internal.llm.OllamaProvider;
import mechos.runtime.internal.llm.OpenAiConfig;
import mechos.runtime.internal.llm.OpenAiProvider;
import mechos.runtime.internal.loop.AgentConfig;
import mechos.runtime.internal.loop.AgentLoop;
import mechos.runtime.internal.tasks.GotoConfig;
import mechos.runtime.internal.tasks.GotoTaskExecutor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Issue 15: the runtime's validator refuses, naming the keys, what would make a runtime component's activation throw. */
class RuntimeConfigurationValidatorTest {
    private final RuntimeConfigurationValidator validator = new RuntimeConfigurationValidator();

    /** Every key of a configuration type with its default, as a configuration would store it. */
    private static Map<String, Object> defaults(Class<?> type) {
        Map<String, Object> values = new HashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            values.put(ComponentProperties.key(m.getName()), m.getDefaultValue());
        }
        return values;
    }

    private List<ConfigurationProblem> problems(String pid, Class<?> type, Object... keyValues) {
        Map<String, Object> values = defaults(type);
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return validator.problems(pid, null, values);
    }

    @Test
    void theDefaultsOfEveryConfigurationPassAndForeignPidsAreNotChecked() {
        assertEquals(List.of(), problems(AgentLoop.PID, AgentConfig.class));
        assertEquals(List.of(), problems(GotoTaskExecutor.PID, GotoConfig.class));
        assertEquals(List.of(), problems(OllamaProvider.PID, OllamaConfig.class));
        assertEquals(List.of(), problems(OpenAiProvider.PID, OpenAiConfig.class));
        assertEquals(List.of(), problems(ProviderEmbedder.PID, ProviderEmbedderConfig.class));
        assertEquals(List.of(), validator.problems("mechos.runtime.other", null, Map.of("tick.hz", "-1")));
    }

    /** The shipped conf/ files (read as strings, as from a .cfg file) pass as well. */
    @Test
    void theShippedConfigurationFilesPass() throws IOException {
        for (String pid : List.of(AgentLoop.PID, OllamaProvider.PID)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of("..", "cnf", "conf", pid + ".cfg"))) {
                p.load(r);
            }
            Map<String, Object> values = new HashMap<>();
            p.forEach((k, v) -> values.put((String) k, v));
            assertEquals(List.of(), validator.problems(pid, null, values), pid);
        }
    }

    @Test
    void agentOptionsAreRefusedNamingTheirKeys() {
        assertEquals(List.of("agent.id"), keys(problems(AgentLoop.PID, AgentConfig.class, "agent.id", " ")));
        assertEquals(List.of("tick.hz"), keys(problems(AgentLoop.PID, AgentConfig.class, "tick.hz", "0")));
        assertEquals(List.of("decision.deadline.ms"),
                keys(problems(AgentLoop.PID, AgentConfig.class, "decision.deadline.ms", 0L)));
        assertEquals(List.of("fallback.tree", "trees"),
                keys(problems(AgentLoop.PID, AgentConfig.class, "fallback.tree", "dance")));
        assertEquals(List.of("cost.per.million.tokens"), keys(problems(AgentLoop.PID, AgentConfig.class,
                "cost.per.million.tokens", new String[] {"gpt=cheap"})));
        assertEquals(List.of("waypoints"), keys(problems(AgentLoop.PID, AgentConfig.class, "waypoints", "1;2")));
        assertEquals(List.of("base.pose"), keys(problems(AgentLoop.PID, AgentConfig.class, "base.pose", "0,0")));
        List<ConfigurationProblem> malformed = problems(AgentLoop.PID, AgentConfig.class, "trees",
                new String[] {"patrol"});
        assertEquals(List.of(List.of("trees")), malformed.stream().map(ConfigurationProblem::keys).toList(),
                "a check reading a key already refused is not run again: " + malformed);
    }

    @Test
    void aTreeThatDoesNotParseOrAPatrolWithoutWaypointsIsRefusedNamingTheTreeKeys() {
        List<String> treeKeys = List.of("trees", "fallback.tree", "waypoints", "base.pose");
        List<ConfigurationProblem> unknown = problems(AgentLoop.PID, AgentConfig.class, "trees",
                new String[] {"patrol = dance"});
        assertEquals(treeKeys, keys(unknown));
        assertTrue(unknown.get(0).reason().contains("trees entry 'patrol'"), unknown.toString());
        assertEquals(treeKeys, keys(problems(AgentLoop.PID, AgentConfig.class, "waypoints", "")));
        assertEquals(List.of(), problems(AgentLoop.PID, AgentConfig.class, "waypoints", "",
                "fallback.tree", "hold", "trees", new String[] {"hold = hold"}), "no patrol, no waypoints needed");
    }

    @Test
    void gotoOptionsAreRefusedNamingTheirKeys() {
        assertEquals(List.of("agent.id"), keys(problems(GotoTaskExecutor.PID, GotoConfig.class, "agent.id", "")));
        List<ConfigurationProblem> creep = problems(GotoTaskExecutor.PID, GotoConfig.class, "cruise.speed", 0.1,
                "creep.linear", 0.2);
        assertEquals(List.of("creep.linear", "cruise.speed"), keys(creep));
        assertTrue(creep.get(0).reason().contains("creep_linear must be in [0.01, 0.1]"), creep.toString());
        assertEquals(List.of("tick.hz"), keys(problems(GotoTaskExecutor.PID, GotoConfig.class, "tick.hz", "NaN")));
    }

    @Test
    void providerTransportAndEndpointAreRefusedNamingTheirKeys() {
        for (String pid : List.of(OllamaProvider.PID, OpenAiProvider.PID)) {
            Class<?> type = pid.equals(OllamaProvider.PID) ? OllamaConfig.class : OpenAiConfig.class;
            List<ConfigurationProblem> plain = problems(pid, type, "base.url", "http://llm.example.org:8000");
            assertEquals(List.of("base.url", "allowed.hosts"), keys(plain), pid);
            assertTrue(plain.get(0).reason().contains("neither loopback nor in allowed_hosts"), plain.toString());
            assertEquals(List.of(), problems(pid, type, "base.url", "http://llm.example.org:8000/",
                    "allowed.hosts", new String[] {"llm.example.org"}), pid);
            assertEquals(List.of("base.url", "allowed.hosts"), keys(problems(pid, type, "base.url", "ftp://x")));
            assertEquals(List.of("connect.timeout.ms"), keys(problems(pid, type, "connect.timeout.ms", 0)));
            assertEquals(List.of("max.retries"), keys(problems(pid, type, "max.retries", -1)));
            assertEquals(List.of("max.response.bytes"), keys(problems(pid, type, "max.response.bytes", "0")));
        }
    }

    @Test
    void embedderOptionsAreRefusedNamingTheirKeys() {
        assertEquals(List.of("mechos.embedder.id"),
                keys(problems(ProviderEmbedder.PID, ProviderEmbedderConfig.class, "mechos.embedder.id", "")));
        assertEquals(List.of("dimension", "timeout.ms"), validator.problems(ProviderEmbedder.PID,
                null, Map.of("dimension", 0, "timeout.ms", -5L)).stream().flatMap(p -> p.keys().stream()).toList());
    }

    @Test
    void aValueThatIsNotOfItsTypeIsAProblemNotAnException() {
        List<ConfigurationProblem> found = problems(AgentLoop.PID, AgentConfig.class, "tick.hz", "fast");
        assertEquals(List.of("tick.hz"), keys(found));
        assertTrue(found.get(0).reason().contains("property tick.hz: 'fast'"), found.toString());
    }

    /** Any transport triple is refused by the validator, naming its key, or accepted by the provider's options. */
    @Property(tries = 300)
    void transportSettingsAreRefusedExactlyWhenTheProviderOptionsRefuseThem(
            @ForAll @IntRange(min = -3, max = 3) int connectTimeoutMs, @ForAll @IntRange(min = -3, max = 3) int retries,
            @ForAll @LongRange(min = -3, max = 3) long maxBytes) {
        List<ConfigurationProblem> found = problems(OllamaProvider.PID, OllamaConfig.class, "connect.timeout.ms",
                String.valueOf(connectTimeoutMs), "max.retries", retries, "max.response.bytes", maxBytes);
        Runnable options = () -> new HttpOptions("http://127.0.0.1:11434", Duration.ofMillis(connectTimeoutMs),
                Duration.ofSeconds(1), Duration.ofSeconds(1), retries, Duration.ofMillis(1), Duration.ofMillis(1),
                maxBytes, List.of());
        if (found.isEmpty()) {
            assertDoesNotThrow(options::run);
        } else {
            assertThrows(IllegalArgumentException.class, options::run);
        }
        List<String> expected = new java.util.ArrayList<>();
        if (connectTimeoutMs <= 0) {
            expected.add("connect.timeout.ms");
        }
        if (retries < 0) {
            expected.add("max.retries");
        }
        if (maxBytes <= 0) {
            expected.add("max.response.bytes");
        }
        assertEquals(expected, keys(found));
    }

    private static List<String> keys(List<ConfigurationProblem> problems) {
        return problems.stream().flatMap(p -> p.keys().stream()).toList();
    }
}
