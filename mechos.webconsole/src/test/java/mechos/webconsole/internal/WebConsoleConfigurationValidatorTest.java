package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 15: the MechOS page's validator refuses, naming the key, what would make the page's activation or
 * modification throw (the page gone, SCR's stack trace).
 */
class WebConsoleConfigurationValidatorTest {
    private final WebConsoleConfigurationValidator validator = new WebConsoleConfigurationValidator();

    private List<ConfigurationProblem> problems(boolean asText, Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        values.put("service.pid", ConsoleConfig.PID);
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], asText ? String.valueOf(keyValues[i + 1]) : keyValues[i + 1]);
        }
        return validator.problems(ConsoleConfig.PID, null, values);
    }

    private static List<String> keys(List<ConfigurationProblem> problems) {
        return problems.stream().flatMap(p -> p.keys().stream()).toList();
    }

    @Test
    void theDefaultsPassAndOtherPidsAreNotChecked() {
        assertEquals(List.of(), problems(false));
        assertEquals(List.of(), problems(false, "map_radius", 8.0, "max_cells", 0, "drive_linear", 0.01,
                "drive_angular", 10.0, "refresh_ms", 50));
        for (String pid : List.of(GuardConfig.PID, ScrapeConfig.PID, "mechos.webconsole.other")) {
            assertEquals(List.of(), validator.problems(pid, null, Map.of("map_radius", "-1")), pid);
        }
        assertEquals(List.of(), validator.problems(ConsoleConfig.PID + "~x", ConsoleConfig.PID,
                Map.of("map_radius", "-1")), "not a factory PID");
    }

    /** Each key's rule refuses its bad value with one problem naming that key, typed or as text from a .cfg file. */
    @Test
    void everyRuleRefusesItsBadValueNamingItsKey() {
        List<Object[]> cases = List.of(new Object[] { "map_radius", 0.0 }, new Object[] { "map_radius", -2.5 },
                new Object[] { "map_radius", Double.POSITIVE_INFINITY }, new Object[] { "map_radius", Double.NaN },
                new Object[] { "max_cells", -1 }, new Object[] { "drive_linear", 0.0 },
                new Object[] { "drive_linear", -0.3 }, new Object[] { "drive_angular", 0.0 },
                new Object[] { "refresh_ms", 49 }, new Object[] { "refresh_ms", -250 });
        List<Executable> checks = new ArrayList<>();
        for (Object[] c : cases) {
            for (boolean asText : new boolean[] { false, true }) {
                checks.add(() -> {
                    List<ConfigurationProblem> found = problems(asText, c);
                    String what = c[0] + "=" + c[1] + (asText ? " as text" : "");
                    assertEquals(List.of(c[0]), keys(found), what);
                    assertTrue(found.get(0).reason().startsWith(c[0] + " must be"), what + ": " + found);
                });
            }
        }
        assertAll(checks);
    }

    @Test
    void severalBadKeysAreEachReportedAndAValueThatIsNotANumberIsAProblem() {
        assertEquals(List.of("drive_linear", "drive_angular", "refresh_ms"),
                keys(problems(true, "drive_linear", 0, "drive_angular", -1, "refresh_ms", 10)));
        List<ConfigurationProblem> found = problems(false, "max_cells", "many");
        assertEquals(List.of("max_cells"), keys(found));
        assertTrue(found.get(0).reason().contains("property max_cells: 'many'"), found.toString());
    }

    /** Whatever the validator accepts the page's own check accepts, and what it refuses the page refuses. */
    @Property(tries = 300)
    void theValidatorAcceptsExactlyWhatThePageAccepts(@ForAll("radii") double mapRadius,
            @ForAll("cells") int maxCells, @ForAll("speeds") double linear, @ForAll("speeds") double angular,
            @ForAll("refreshes") int refreshMs, @ForAll boolean asText) {
        List<ConfigurationProblem> found = problems(asText, "map_radius", mapRadius, "max_cells", maxCells,
                "drive_linear", linear, "drive_angular", angular, "refresh_ms", refreshMs);
        Statistics.collect(found.isEmpty() ? "accepted" : "refused");
        Statistics.coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p >= 10);
            coverage.check("refused").percentage(p -> p >= 10);
        });
        ConsoleConfig c = ComponentProperties.as(ConsoleConfig.class, Map.of("map_radius", mapRadius, "max_cells",
                maxCells, "drive_linear", linear, "drive_angular", angular, "refresh_ms", refreshMs));
        if (found.isEmpty()) {
            assertDoesNotThrow(() -> MechosPlugin.validate(c));
        } else {
            assertThrows(IllegalArgumentException.class, () -> MechosPlugin.validate(c), found.toString());
        }
    }

    @Provide
    Arbitrary<Double> radii() {
        return Arbitraries.doubles().between(-1, 20).ofScale(2).withDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<Integer> cells() {
        return Arbitraries.integers().between(-20, 400).withDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<Double> speeds() {
        return Arbitraries.doubles().between(-0.2, 2).ofScale(2).withDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<Integer> refreshes() {
        return Arbitraries.integers().between(30, 500).withDistribution(RandomDistribution.uniform());
    }
}
