package mechos.hal.sim.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.hal.api.ContactReading;
import mechos.hal.sim.internal.sensor.BumperModel;
import mechos.hal.sim.internal.world.Rectangle;
import mechos.rosmap.api.RosMapLoader;
import mechos.hal.sim.internal.world.World;

class CollisionTest {
    @Test
    void drivingIntoAWallStopsAtTheWallAndFiresTheBumper() {
        World world = new World("wall", null, List.of(new Rectangle(2.0, -5, 2.1, 5)));
        Simulation sim = new Simulation(world, RobotParams.defaults(7), 0);
        BumperModel bumper = new BumperModel("bumper", 20);
        sim.attach(bumper);
        List<ContactReading> presses = new ArrayList<>();
        bumper.samples().subscribe(r -> {
            if (r.pressed()) {
                presses.add(r);
            }
        });

        sim.command(0.5, 0);
        sim.advance(Duration.ofSeconds(3));
        assertFalse(bumper.samples().latest().pressed(), "no contact 0.3 m before the wall");
        sim.advance(Duration.ofSeconds(7));

        RobotState s = sim.state();
        assertEquals(2.0 - 0.2, s.x(), 0.005, "stopped with the footprint at the wall");
        assertTrue(s.contact());
        assertTrue(s.collisions() > 0);
        assertTrue(Math.abs(s.leftSpeed()) <= 0.011 && Math.abs(s.rightSpeed()) <= 0.011, "wheels stalled");
        assertFalse(presses.isEmpty(), "bumper fired");
        assertEquals(0.0, presses.get(0).bearing(), 0.05, "contact straight ahead");

        sim.command(-0.3, 0);
        sim.advance(Duration.ofSeconds(1));
        assertFalse(bumper.samples().latest().pressed(), "released after backing off");
        assertTrue(sim.state().x() < 1.7);
    }

    @Test
    void wallsOfTheDefaultMapStopTheRobot() throws Exception {
        RosMapLoader.Result map = RosMapLoader.load("builtin:default",
                CollisionTest.class.getResourceAsStream("/worlds/default.yaml"),
                rel -> CollisionTest.class.getResourceAsStream("/worlds/" + rel));
        Simulation sim = new Simulation(new World("default", map.grid(), List.of()), RobotParams.defaults(1), 0);
        sim.command(1.0, 0);
        sim.advance(Duration.ofSeconds(10));
        assertEquals(4.9 - 0.2, sim.state().x(), 0.005, "inner face of the east wall is at x = 4.9");
        assertTrue(sim.state().contact());
    }

    @Test
    void anObstacleDroppedOnTheRobotLetsItDriveAwayButNotDeeper() {
        World world = new World("w", null, List.of());
        Simulation sim = new Simulation(world, RobotParams.defaults(1), 0);
        world.addObstacle(new Rectangle(0.1, -1, 1, 1));
        sim.command(0.3, 0);
        sim.advance(Duration.ofSeconds(1));
        assertEquals(0, sim.state().x(), 1e-9, "cannot push into the obstacle");
        sim.command(-0.3, 0);
        sim.advance(Duration.ofSeconds(1));
        assertTrue(sim.state().x() < -0.05, "can back away");
    }
}
