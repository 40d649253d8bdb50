package mechos.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import mechos.fleet.internal.market.MarketAgent;
import mechos.fleet.internal.mqtt.LinkOptions;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/** Issue 15: the fleet's validator refuses, naming the keys, what would make the fleet component's activation throw. */
class FleetConfigurationValidatorTest {
    private final FleetConfigurationValidator validator = new FleetConfigurationValidator();

    /** The configuration's defaults as stored (robot.id has none: it is required, so the tests give one). */
    private List<ConfigurationProblem> problems(Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (Method m : FleetConfig.class.getDeclaredMethods()) {
            if (m.getDefaultValue() != null) {
                values.put(ComponentProperties.key(m.getName()), m.getDefaultValue());
            }
        }
        values.put("robot.id", "r1");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return validator.problems(FleetComponent.PID, null, values);
    }

    private static List<String> keys(List<ConfigurationProblem> problems) {
        return problems.stream().flatMap(p -> p.keys().stream()).toList();
    }

    @Test
    void theDefaultsWithARobotIdPassAndForeignPidsAreNotChecked() {
        assertEquals(List.of(), problems());
        assertEquals(List.of(), validator.problems("mechos.fleet.other", null, Map.of("fleet", "a b")));
    }

    @Test
    void aMissingOrMalformedRobotIdIsRefusedOnce() {
        List<ConfigurationProblem> missing = validator.problems(FleetComponent.PID, null, Map.of());
        assertEquals(List.of("robot.id"), keys(missing));
        assertTrue(missing.get(0).reason().contains("robot.id is required"), missing.toString());
        assertEquals(List.of("robot.id"), keys(problems("robot.id", "r 1")));
    }

    @Test
    void fleetNamePeerModelMarketTimingAndOutboxAreRefusedNamingTheirKeys() {
        assertEquals(List.of("fleet"), keys(problems("fleet", "lab/one")));
        assertEquals(List.of("presence.period.ms"), keys(problems("presence.period.ms", "0")));
        assertEquals(List.of("peer.ttl.ms"), keys(problems("peer.ttl.ms", -1L)));
        assertEquals(List.of("inbound.kept"), keys(problems("inbound.kept", 0)));
        assertEquals(List.of("peer.max.radius.m", "radius.m"), keys(problems("radius.m", 0.5,
                "peer.max.radius.m", 0.4)));
        assertEquals(List.of("radius.m"), keys(problems("radius.m", 0.0, "peer.max.radius.m", 0.4)),
                "the max radius check reads a refused radius: not run again");
        List<ConfigurationProblem> renew = problems("lease.ms", 3000L, "renew.ms", 1001L);
        assertEquals(List.of("bid.window.ms", "lease.ms", "lease.grace.ms", "renew.ms"), keys(renew));
        assertTrue(renew.get(0).reason().contains("renew <= lease/3"), renew.toString());
        assertEquals(List.of("outbox.capacity"), keys(problems("outbox.capacity", "0")));
    }

    @Property(tries = 300)
    void marketTimingIsRefusedExactlyWhenTheMarketSettingsRefuseIt(
            @ForAll @LongRange(min = -1, max = 5000) long bidWindow, @ForAll @LongRange(min = -1, max = 5000) long lease,
            @ForAll @LongRange(min = -1, max = 500) long grace, @ForAll @LongRange(min = -1, max = 2000) long renew) {
        List<ConfigurationProblem> found = problems("bid.window.ms", bidWindow, "lease.ms", String.valueOf(lease),
                "lease.grace.ms", grace, "renew.ms", renew);
        if (found.isEmpty()) {
            assertDoesNotThrow(() -> new MarketAgent.Settings(bidWindow, lease, grace, renew));
        } else {
            assertEquals(List.of("bid.window.ms", "lease.ms", "lease.grace.ms", "renew.ms"), keys(found));
            assertThrows(IllegalArgumentException.class, () -> new MarketAgent.Settings(bidWindow, lease, grace,
                    renew));
        }
    }

    /** Random peer-model values never make the node's own options throw when the validator says ok. */
    @Property(tries = 300)
    void peerModelValuesTheValidatorAcceptsBuildTheNodeOptions(
            @ForAll @DoubleRange(min = -1, max = 3) double radius, @ForAll @DoubleRange(min = -1, max = 3) double speed,
            @ForAll @DoubleRange(min = -1, max = 3) double maxRadius, @ForAll @LongRange(min = -1, max = 3) long ttl) {
        List<ConfigurationProblem> found = problems("radius.m", radius, "peer.speed", speed, "peer.max.radius.m",
                maxRadius, "peer.ttl.ms", ttl);
        Runnable options = () -> new NodeOptions("lab", new LinkOptions("tcp://127.0.0.1:1883", "r1", "", "", null,
                5, 600, 5, "", new byte[0], 10), Set.of("*"), 500, radius, ttl, speed, maxRadius,
                new MarketAgent.Settings(400, 3000, 300, 750), 50);
        if (found.isEmpty()) {
            assertDoesNotThrow(options::run);
        } else {
            assertThrows(IllegalArgumentException.class, options::run);
        }
    }
}
