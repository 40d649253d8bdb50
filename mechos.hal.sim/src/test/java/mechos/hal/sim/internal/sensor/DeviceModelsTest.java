package mechos.hal.sim.internal.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import mechos.hal.api.Box3;
import mechos.hal.api.CameraFrame;
import mechos.hal.api.ImuReading;
import mechos.hal.api.PixelFormat;
import mechos.hal.api.Point3;
import mechos.hal.sim.internal.engine.RobotParams;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.sim.internal.world.Rectangle;
import mechos.hal.sim.internal.world.World;

class DeviceModelsTest {
    private static Simulation sim(World world) {
        return new Simulation(world, RobotParams.defaults(11), 0);
    }

    @Test
    void batteryDrainsFasterWhenMoving() {
        BatteryModel.Params p = new BatteryModel.Params("battery", 1, 0.1, 12.6, 10.5, 0.5, 4, 0.05, 1.0);
        Simulation idle = sim(new World("w", null, List.of()));
        BatteryModel idleBattery = new BatteryModel(p);
        idle.attach(idleBattery);
        Simulation moving = sim(new World("w", null, List.of()));
        BatteryModel movingBattery = new BatteryModel(p);
        moving.attach(movingBattery);
        moving.command(1.0, 0);
        idle.advance(Duration.ofSeconds(10));
        moving.advance(Duration.ofSeconds(10));
        assertTrue(idleBattery.charge() < 1.0, "idle current drains");
        assertTrue(1 - movingBattery.charge() > 3 * (1 - idleBattery.charge()),
                "motion drains more: idle " + idleBattery.charge() + " moving " + movingBattery.charge());
        assertTrue(movingBattery.samples().latest().voltage() < idleBattery.samples().latest().voltage());
        assertTrue(movingBattery.samples().latest().current() > 4);
    }

    @Test
    void imuReportsYawRateWithinNoise() {
        Simulation s = sim(new World("w", null, List.of()));
        ImuModel imu = new ImuModel(new ImuModel.Params("imu", "imu_link", 100, 0.0, 0.005, 0.02), s);
        s.attach(imu);
        List<ImuReading> readings = new ArrayList<>();
        s.command(0, 1.0);
        s.advance(Duration.ofSeconds(1));
        imu.samples().subscribe(readings::add);
        s.advance(Duration.ofSeconds(1));
        double mean = readings.stream().mapToDouble(ImuReading::angularVelocityZ).average().orElseThrow();
        assertEquals(1.0, mean, 0.01);
        assertEquals(100, readings.size());
        assertEquals(9.80665, readings.get(0).linearAccelerationZ(), 0.1);
    }

    @Test
    void cameraRendersTopDownWithDeclaredFormat() {
        // obstacle 1 m ahead of the robot, filling the view's upper half
        Simulation s = sim(new World("w", null, List.of(new Rectangle(1.0, -5, 3, 5))));
        CameraModel camera = new CameraModel(new CameraModel.Params("camera", "camera", 40, 40, 0.1, 5,
                PixelFormat.GRAY8), s);
        CameraFrame f = camera.render(s.world(), s.state());
        assertEquals(PixelFormat.GRAY8, f.format());
        assertEquals(40, f.width());
        assertEquals(40 * 40, f.data().length);
        assertEquals(0, f.data()[0] & 0xff, "top row (2 m ahead) is the obstacle");
        assertEquals(255, f.data()[39 * 40] & 0xff, "bottom row (2 m behind) is free");
        assertEquals(96, f.data()[20 * 40 + 20] & 0xff, "the robot is drawn in the centre");

        CameraModel rgb = new CameraModel(new CameraModel.Params("camera", "camera", 8, 6, 0.5, 5,
                PixelFormat.RGB8), s);
        CameraFrame c = rgb.render(s.world(), s.state());
        assertEquals(PixelFormat.RGB8, c.format());
        assertEquals(8 * 3, c.stride());
        assertEquals(8 * 6 * 3, c.data().length);
    }

    @Test
    void endEffectorMovesAtMaxSpeedInsideItsWorkspace() {
        Simulation s = sim(new World("w", null, List.of()));
        EffectorModel e = new EffectorModel(new Box3(new Point3(0, -1, 0), new Point3(1, 1, 1)), 0.5,
                new Point3(0, 0, 0));
        s.attach(e);
        assertTrue(e.setTarget(new Point3(1, 0, 0)));
        s.advance(Duration.ofSeconds(1));
        assertEquals(0.5, e.position().x(), 1e-9, "0.5 m/s for 1 s");
        s.advance(Duration.ofSeconds(2));
        assertEquals(new Point3(1, 0, 0), e.position());
        assertFalse(e.setTarget(new Point3(2, 0, 0)), "outside the workspace");
        assertFalse(e.setTarget(new Point3(Double.NaN, 0, 0)));
        assertEquals(new Point3(1, 0, 0), e.target());
    }
}
