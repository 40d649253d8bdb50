package mechos.hal.serial.internal.rplidar;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import mechos.hal.serial.internal.port.SerialLinkFactory;
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
 * Issue 15: whatever the RPLIDAR's validator function accepts, the activation's own check accepts too (its options,
 * the id in the constructor, run unstarted) and so does the scan assembler the I/O thread makes from those options;
 * what the activation refuses, the validator refuses.
 */
class RplidarConfigurationProperties {
    private static final SerialLinkFactory NO_PORT = settings -> {
        throw new IOException("no port in this test");
    };

    /**
     * Each value is drawn uniformly from a range that straddles its rule's boundary and passes mostly, so that both
     * outcomes are common (the coverage check says so).
     */
    @Property(tries = 300)
    void theValidatorAcceptsExactlyWhatTheActivationAccepts(@ForAll("readTimeouts") int readTimeoutMs,
            @ForAll("watchdogs") int watchdogMs, @ForAll("rangeMins") double rangeMin,
            @ForAll("rangeMaxes") double rangeMax, @ForAll("silencesDegraded") int silenceDegradedMs,
            @ForAll("silencesOffline") int silenceOfflineMs, @ForAll("coverages") double minCoverage,
            @ForAll("steps") double maxStepDeg, @ForAll("beams") int beams, @ForAll("idChoices") int id,
            @ForAll boolean asText) {
        Map<String, Object> values = new HashMap<>();
        put(values, asText, "port.read.timeout.ms", readTimeoutMs);
        put(values, asText, "io.watchdog.ms", watchdogMs);
        put(values, asText, "range.min.m", rangeMin);
        put(values, asText, "range.max.m", rangeMax);
        put(values, asText, "silence.degraded.ms", silenceDegradedMs);
        put(values, asText, "silence.offline.ms", silenceOfflineMs);
        put(values, asText, "scan.min.coverage", minCoverage);
        put(values, asText, "scan.max.step.deg", maxStepDeg);
        put(values, asText, "scan.beams", beams);
        values.put("mechos.device.id", id == 0 ? "" : "lidar");
        boolean idAccepted = id > 0;

        List<ConfigurationProblem> found = RplidarLidar.problems(values);
        Statistics.collect(found.isEmpty() ? "accepted" : "refused");
        Statistics.coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p >= 10);
            coverage.check("refused").percentage(p -> p >= 10);
        });
        RplidarConfig c = ComponentProperties.as(RplidarConfig.class, values);
        RplidarOptions defaults = RplidarOptions.from(ComponentProperties.as(RplidarConfig.class, Map.of()));
        if (!idAccepted) {
            assertThrows(IllegalArgumentException.class, () -> new RplidarLidar(c.mechos_device_id(), defaults, NO_PORT));
        }
        boolean activationAccepts = RplidarLidar.rejection(values, c) == null && idAccepted;
        assertEquals(activationAccepts, found.isEmpty(), found.toString());
        if (found.isEmpty()) {
            RplidarOptions options = assertDoesNotThrow(() -> RplidarOptions.from(c));
            assertDoesNotThrow(() -> new RplidarLidar(c.mechos_device_id(), options, NO_PORT));
            assertDoesNotThrow(() -> RplidarSession.assembler(options, scan -> { }));
        }
    }

    @Provide
    Arbitrary<Integer> readTimeouts() {
        return ints(-1, 200);
    }

    @Provide
    Arbitrary<Integer> watchdogs() {
        return ints(20, 1000);
    }

    @Provide
    Arbitrary<Double> rangeMins() {
        return doubles(-0.05, 2);
    }

    @Provide
    Arbitrary<Double> rangeMaxes() {
        return doubles(0.01, 20);
    }

    @Provide
    Arbitrary<Integer> silencesDegraded() {
        return ints(0, 400);
    }

    @Provide
    Arbitrary<Integer> silencesOffline() {
        return ints(0, 3000);
    }

    @Provide
    Arbitrary<Double> coverages() {
        return doubles(0.05, 1.05);
    }

    @Provide
    Arbitrary<Double> steps() {
        return doubles(0.5, 185);
    }

    @Provide
    Arbitrary<Integer> beams() {
        return Arbitraries.oneOf(ints(-1, 40), ints(8190, 8194)); // both ends of 1..8192
    }

    /** 0: an empty device id, else a fine one. */
    @Provide
    Arbitrary<Integer> idChoices() {
        return ints(0, 9);
    }

    private static Arbitrary<Integer> ints(int min, int max) {
        return Arbitraries.integers().between(min, max).withDistribution(RandomDistribution.uniform());
    }

    private static Arbitrary<Double> doubles(double min, double max) {
        return Arbitraries.doubles().between(min, max).ofScale(3).withDistribution(RandomDistribution.uniform());
    }

    private static void put(Map<String, Object> values, boolean asText, String key, Object value) {
        values.put(key, asText ? String.valueOf(value) : value);
    }
}
