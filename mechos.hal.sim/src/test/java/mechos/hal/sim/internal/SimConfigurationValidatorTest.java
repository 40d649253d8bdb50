package mechos.hal.sim.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationProblem;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/** Issue 15: the bundle's validator refuses, naming the keys, exactly what would make a component's activation throw. */
class SimConfigurationValidatorTest {
    private final SimConfigurationValidator validator = new SimConfigurationValidator();

    private List<ConfigurationProblem> problems(String factoryPid, Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return validator.problems(factoryPid + "~x", factoryPid, values);
    }

    @Test
    void theDefaultsOfEveryConfigurationPass() {
        for (String pid : List.of(SimLidar.PID, SimBattery.PID, SimCamera.PID, SimImu.PID, SimOdometry.PID,
                SimBumper.PID, SimRelay.PID, SimDriveBase.PID, SimEndEffector.PID, SimWorld.PID, SimRobot.PID)) {
            assertEquals(List.of(), problems(pid), pid);
        }
        assertEquals(List.of(), validator.problems("mechos.other", null, Map.of("x", "y")));
    }

    /** Any pair of in-bounds ranges (metatype: [0, 1000] and [0.001, 1000]) is refused or builds a LiDAR. */
    @Property(tries = 500)
    void aLidarRangePairIsRefusedByTheValidatorOrAcceptedByTheModel(
            @ForAll @DoubleRange(min = 0, max = 1000) @Scale(3) double rangeMin,
            @ForAll @DoubleRange(min = 0.001, max = 1000) @Scale(3) double rangeMax) {
        List<ConfigurationProblem> found = problems(SimLidar.PID, "rangeMin", rangeMin, "rangeMax", rangeMax);
        SimLidarConfig c = ComponentProperties.as(SimLidarConfig.class, Map.of("rangeMin", rangeMin,
                "rangeMax", rangeMax));
        if (found.isEmpty()) {
            assertDoesNotThrow(() -> SimLidar.params(c));
        } else {
            assertEquals(List.of("rangeMin", "rangeMax"), found.get(0).keys());
            assertThrows(IllegalArgumentException.class, () -> SimLidar.params(c));
        }
        assertEquals(rangeMin < rangeMax, found.isEmpty());
    }

    @Property(tries = 300)
    void batteryVoltagesAreRefusedExactlyWhenTheModelRefusesThem(
            @ForAll @DoubleRange(min = 0, max = 60) double full, @ForAll @DoubleRange(min = 0, max = 60) double empty) {
        List<ConfigurationProblem> found = problems(SimBattery.PID, "fullVoltage", String.valueOf(full),
                "emptyVoltage", String.valueOf(empty));
        SimBatteryConfig c = ComponentProperties.as(SimBatteryConfig.class, Map.of("fullVoltage", full,
                "emptyVoltage", empty));
        if (found.isEmpty()) {
            assertDoesNotThrow(() -> SimBattery.params(c));
        } else {
            assertEquals(List.of("fullVoltage", "emptyVoltage"), found.get(0).keys());
            assertThrows(IllegalArgumentException.class, () -> SimBattery.params(c));
        }
    }

    @Test
    void anEndEffectorHomeOutsideItsWorkspaceOrAMalformedPointIsRefusedNamingTheKeys() {
        List<ConfigurationProblem> outside = problems(SimEndEffector.PID, "home", "2,0,0");
        assertEquals(List.of("home", "workspaceMin", "workspaceMax"), outside.get(0).keys());
        assertTrue(outside.get(0).reason().contains("outside the workspace"), outside.toString());
        List<ConfigurationProblem> malformed = problems(SimEndEffector.PID, "home", "1,2");
        assertEquals(List.of("home"), malformed.get(0).keys());
        assertEquals(1, malformed.size(), "the whole check runs only when the narrower ones passed");
        assertEquals(List.of("workspaceMin", "workspaceMax"),
                problems(SimEndEffector.PID, "workspaceMin", "1,1,1", "workspaceMax", "0,0,0").get(0).keys());
    }

    @Test
    void worldShapesRobotGainsRealTimeFactorAndEmptyIdsAreRefusedNamingTheKey() {
        assertEquals(List.of("rectangles"), problems(SimWorld.PID, "rectangles", new String[] {"1,2,3"}).get(0).keys());
        assertEquals(List.of("circles"), problems(SimWorld.PID, "circles", "1,1,-1").get(0).keys());
        assertEquals(List.of(SimWorld.NAME_PROPERTY), problems(SimWorld.PID, SimWorld.NAME_PROPERTY, " ").get(0).keys());
        assertEquals(List.of("realTimeFactor"), problems(SimRobot.PID, "realTimeFactor", "0").get(0).keys());
        assertEquals(List.of(), problems(SimRobot.PID, "pid.kp", "2.0"));
        for (String pid : List.of(SimLidar.PID, SimRelay.PID, SimDriveBase.PID, SimBumper.PID)) {
            assertEquals(List.of("mechos.device.id"), problems(pid, "mechos.device.id", "").get(0).keys(), pid);
        }
    }

    @Test
    void aValueThatIsNotOfItsTypeIsAProblemNotAnException() {
        List<ConfigurationProblem> found = problems(SimLidar.PID, "rangeMin", "near");
        assertEquals(List.of("rangeMin", "rangeMax"), found.get(0).keys());
        assertTrue(found.get(0).reason().contains("property rangeMin: 'near'"), found.toString());
    }
}
