package mechos.hal.serial.internal.roboclaw;

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
 * Issue 15: whatever the RoboClaw's validator function accepts, the activation's own checks accept too (its options,
 * the stop acknowledgement timeout, the ids in the constructor, run unstarted), and what they refuse, it refuses.
 */
class RoboClawConfigurationProperties {
    private static final SerialLinkFactory NO_PORT = settings -> {
        throw new IOException("no port in this test");
    };

    /**
     * Each value is drawn uniformly from a range that straddles its rule's boundary and passes mostly, so that both
     * outcomes are common (the coverage check says so).
     */
    @Property(tries = 300)
    void theValidatorAcceptsExactlyWhatTheActivationAccepts(@ForAll("readTimeouts") int readTimeoutMs,
            @ForAll("watchdogs") int watchdogMs, @ForAll("addresses") int address, @ForAll("periods") int periodMs,
            @ForAll("offlineAfters") int offlineAfterMs, @ForAll("reconnectMins") int reconnectMinMs,
            @ForAll("reconnectMaxes") int reconnectMaxMs, @ForAll("stopAckTimeouts") int stopAckTimeoutMs,
            @ForAll("wheelRadii") double wheelRadius, @ForAll("idChoices") int ids, @ForAll boolean asText) {
        Map<String, Object> values = new HashMap<>();
        put(values, asText, "port.read.timeout.ms", readTimeoutMs);
        put(values, asText, "io.watchdog.ms", watchdogMs);
        put(values, asText, "address", address);
        put(values, asText, "period.ms", periodMs);
        put(values, asText, "offline.after.ms", offlineAfterMs);
        put(values, asText, "reconnect.min.ms", reconnectMinMs);
        put(values, asText, "reconnect.max.ms", reconnectMaxMs);
        put(values, asText, "stop.ack.timeout.ms", stopAckTimeoutMs);
        put(values, asText, "wheel.radius.m", wheelRadius);
        values.put("mechos.device.id", ids == 0 ? " " : "base");
        values.put("odometry.id", ids == 1 ? "base" : "odom");
        boolean idsAccepted = ids > 1;

        List<ConfigurationProblem> found = RoboClawDriveBase.problems(values);
        Statistics.collect(found.isEmpty() ? "accepted" : "refused");
        Statistics.coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p >= 10);
            coverage.check("refused").percentage(p -> p >= 10);
        });
        RoboClawConfig c = ComponentProperties.as(RoboClawConfig.class, values);
        RoboClawOptions defaults = RoboClawOptions.from(ComponentProperties.as(RoboClawConfig.class, Map.of()));
        if (!idsAccepted) {
            assertThrows(IllegalArgumentException.class,
                    () -> new RoboClawDriveBase(c.mechos_device_id(), c.odometry_id(), defaults, NO_PORT));
        }
        boolean activationAccepts = RoboClawDriveBase.Checked.of(values, c).rejected() == null && idsAccepted;
        assertEquals(activationAccepts, found.isEmpty(), found.toString());
        if (found.isEmpty()) {
            RoboClawOptions options = assertDoesNotThrow(() -> RoboClawOptions.from(c));
            assertDoesNotThrow(() -> new RoboClawDriveBase(c.mechos_device_id(), c.odometry_id(), options, NO_PORT));
        }
    }

    @Provide
    Arbitrary<Integer> readTimeouts() {
        return ints(-1, 60);
    }

    @Provide
    Arbitrary<Integer> watchdogs() {
        return ints(0, 300);
    }

    @Provide
    Arbitrary<Integer> addresses() {
        return ints(127, 136);
    }

    @Provide
    Arbitrary<Integer> periods() {
        return ints(-1, 30);
    }

    @Provide
    Arbitrary<Integer> offlineAfters() {
        return ints(0, 300);
    }

    @Provide
    Arbitrary<Integer> reconnectMins() {
        return ints(-1, 60);
    }

    @Provide
    Arbitrary<Integer> reconnectMaxes() {
        return ints(0, 400);
    }

    @Provide
    Arbitrary<Integer> stopAckTimeouts() {
        return ints(-5, 1005);
    }

    @Provide
    Arbitrary<Double> wheelRadii() {
        return Arbitraries.doubles().between(-0.02, 0.2).ofScale(3).withDistribution(RandomDistribution.uniform());
    }

    /** 0: an empty device id, 1: the odometry id equals the device id, else both fine. */
    @Provide
    Arbitrary<Integer> idChoices() {
        return ints(0, 9);
    }

    private static Arbitrary<Integer> ints(int min, int max) {
        return Arbitraries.integers().between(min, max).withDistribution(RandomDistribution.uniform());
    }

    private static void put(Map<String, Object> values, boolean asText, String key, Object value) {
        values.put(key, asText ? String.valueOf(value) : value);
    }
}
