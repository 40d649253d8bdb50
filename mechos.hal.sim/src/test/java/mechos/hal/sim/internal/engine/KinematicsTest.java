package mechos.hal.sim.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.hal.api.OdometryReading;
import mechos.hal.sim.internal.sensor.OdometryModel;
import mechos.hal.sim.internal.world.World;

class KinematicsTest {
    private static Simulation openPlane(long seed) {
        return new Simulation(new World("open", null, List.of()), RobotParams.defaults(seed), 0);
    }

    @Test
    void halfMetrePerSecondForFourSecondsMovesAboutTwoMetres() {
        Simulation sim = openPlane(1);
        OdometryModel.Params odomParams = new OdometryModel.Params("odom", 50, 0.01, 0.01, 0.005);
        OdometryModel odom = new OdometryModel(odomParams, sim);
        sim.attach(odom);

        sim.command(0.5, 0);
        sim.advance(Duration.ofSeconds(4));
        assertEquals(0.5, sim.state().linear(), 0.01, "cruising speed reached");
        sim.command(0, 0);
        sim.advance(Duration.ofSeconds(2));

        RobotState s = sim.state();
        assertEquals(2.0, s.x(), 0.03, "true distance");
        assertEquals(0.0, s.y(), 1e-9);
        assertEquals(0.0, s.linear(), 1e-3, "stopped");
        OdometryReading r = odom.samples().latest();
        double odomDistance = Math.hypot(r.x(), r.y());
        // both wheels read 1 % fast: odometry overestimates by about 1 %, plus a little noise
        assertEquals(s.x() * 1.01, odomDistance, 0.02, "odometry within its configured drift");
        assertTrue(Math.abs(odomDistance - s.x()) > 0.005, "odometry drifts as configured");
    }

    @Test
    void turningAtOneRadianPerSecondForPiSecondsTurnsAboutHalfACircle() {
        Simulation sim = openPlane(2);
        sim.command(0, 1.0);
        sim.advance(Duration.ofMillis(Math.round(Math.PI * 1000)));
        sim.command(0, 0);
        sim.advance(Duration.ofSeconds(2));
        RobotState s = sim.state();
        assertEquals(Math.PI, Math.abs(s.theta()), Math.toRadians(2), "heading after the turn: " + s.theta());
        assertEquals(0, Math.hypot(s.x(), s.y()), 1e-9, "turned in place");
    }

    @Test
    void accelerationIsLimited() {
        Simulation sim = openPlane(3);
        sim.command(1.0, 0);
        double previous = 0;
        for (int i = 0; i < 200; i++) {
            sim.step();
            double v = sim.state().linear();
            assertTrue((v - previous) / sim.dt() <= 1.0 + 1e-9, "acceleration " + (v - previous) / sim.dt());
            previous = v;
        }
        assertEquals(1.0, previous, 0.02);
    }

    @Test
    void commandsAreClampedToTheGeometry() {
        Simulation sim = openPlane(4);
        sim.command(5, -9);
        assertEquals(1.0, sim.commanded()[0]);
        assertEquals(-2.0, sim.commanded()[1]);
    }

    @Test
    void wheelSpeedStepResponseDoesNotOvershoot() {
        Simulation sim = openPlane(5);
        sim.command(0.5, 0);
        double peak = 0;
        for (int i = 0; i < 300; i++) {
            sim.step();
            peak = Math.max(peak, Math.max(sim.state().leftSpeed(), sim.state().rightSpeed()));
        }
        assertTrue(peak <= 0.5 * 1.02, "wheel speed overshoot: peak " + peak);
        assertEquals(0.5, sim.state().leftSpeed(), 0.005, "settled");
    }
}
