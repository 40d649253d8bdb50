package mechos.telemetry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Issue 15: the telemetry validator refuses, naming the key, what would make the OTLP exporter's activation throw. */
class TelemetryConfigurationValidatorTest {
    private final TelemetryConfigurationValidator validator = new TelemetryConfigurationValidator();

    private List<ConfigurationProblem> problems(Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (Method m : OtlpTelemetryConfig.class.getDeclaredMethods()) {
            values.put(ComponentProperties.key(m.getName()), m.getDefaultValue());
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return validator.problems(OtlpTelemetry.PID, null, values);
    }

    private static List<String> keys(List<ConfigurationProblem> problems) {
        return problems.stream().flatMap(p -> p.keys().stream()).toList();
    }

    @Test
    void theDefaultsPassAndForeignPidsAreNotChecked() {
        assertEquals(List.of(), problems());
        assertEquals(List.of(), validator.problems("mechos.telemetry.other", null, Map.of("endpoint", "ftp://x")));
    }

    @Test
    void endpointHeadersAndTimeoutsAreRefusedNamingTheirKey() {
        assertEquals(List.of("endpoint"), keys(problems("endpoint", "ftp://collector/v1/traces")));
        assertEquals(List.of("endpoint"), keys(problems("endpoint", "http://bad host/")));
        List<ConfigurationProblem> header = problems("headers", new String[] {"x-api-key"});
        assertEquals(List.of("headers"), keys(header));
        assertFalse(header.get(0).reason().contains("x-api-key="), "no header value in the reason");
        assertEquals(List.of("timeout.ms", "max.queue.size"), keys(problems("timeout.ms", "0", "max.queue.size", -1)));
        assertEquals(List.of("schedule.delay.ms"), keys(problems("schedule.delay.ms", 0L)));
        assertEquals(List.of(), problems("headers", "authorization=Bearer abc=", "endpoint", "https://otlp.example"));
    }

    @Provide
    Arbitrary<String> endpoints() {
        return Arbitraries.of("http://127.0.0.1:4318/v1/traces", "https://collector.example/v1/traces", "ftp://x",
                "http://", "not a url", "", "http://[::1]:4318/", "mailto:a@b");
    }

    /** Whatever the validator accepts builds the exporter; whatever it refuses makes the constructor throw. */
    @Property(tries = 60)
    void valuesAreRefusedExactlyWhenTheExporterRefusesThem(@ForAll("endpoints") String endpoint,
            @ForAll @LongRange(min = -1, max = 2) long timeout, @ForAll @IntRange(min = -1, max = 2) int queue) {
        List<ConfigurationProblem> found = problems("endpoint", endpoint, "timeout.ms", timeout,
                "max.queue.size", String.valueOf(queue));
        if (found.isEmpty()) {
            new OtlpTelemetry(endpoint, "m", timeout, 1000, queue, Map.of()).close();
        } else {
            assertThrows(IllegalArgumentException.class,
                    () -> new OtlpTelemetry(endpoint, "m", timeout, 1000, queue, Map.of()).close());
            assertTrue(found.stream().allMatch(p -> p.keys().size() == 1), found.toString());
        }
    }
}
