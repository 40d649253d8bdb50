package mechos.bench.sim;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import mechos.hal.api.PixelFormat;
import mechos.hal.sim.internal.engine.RobotParams;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.sim.internal.sensor.BatteryModel;
import mechos.hal.sim.internal.sensor.BumperModel;
import mechos.hal.sim.internal.sensor.CameraModel;
import mechos.hal.sim.internal.sensor.ImuModel;
import mechos.hal.sim.internal.sensor.LidarModel;
import mechos.hal.sim.internal.sensor.OdometryModel;
import mechos.rosmap.api.MapFormatException;
import mechos.rosmap.api.RosMapLoader;
import mechos.hal.sim.internal.world.World;

/**
 * Physics steps per second of the simulated robot in the shipped default world (ROS map, 210x170 cells) with a
 * 360-beam LiDAR and the default device set (odometry 50 Hz, IMU 100 Hz, bumper 20 Hz, battery 1 Hz, 64x64
 * camera 5 Hz), at 100 Hz physics on one thread. One op = one physics step = 10 ms of simulated time, so
 * ops/s ÷ 100 is the real-time factor. {@code lidarRateHz = 100} scans on every step (worst case).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SimStepBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SimStepBench {
    @Param({"10", "100"})
    public double lidarRateHz;

    @Param({"true", "false"})
    public boolean allDevices;

    private Simulation sim;
    private long scans;

    @Setup(Level.Trial)
    public void setUp() throws MapFormatException, IOException {
        RosMapLoader.Result map;
        try (InputStream yaml = World.class.getResourceAsStream("/worlds/default.yaml")) {
            map = RosMapLoader.load("builtin:default", yaml, rel -> World.class.getResourceAsStream("/worlds/" + rel));
        }
        sim = new Simulation(new World("default", map.grid(), List.of()), RobotParams.defaults(1), 0);
        LidarModel lidar = new LidarModel(new LidarModel.Params("lidar", "laser", 360, 2 * Math.PI, 0.05, 8.0,
                lidarRateHz, 0.01, 0, 0, 0), sim);
        sim.attach(lidar);
        lidar.samples().subscribe(s -> scans++);
        if (allDevices) {
            sim.attach(new OdometryModel(new OdometryModel.Params("odom", 50, 0.005, -0.005, 0.005), sim));
            sim.attach(new ImuModel(new ImuModel.Params("imu", "imu_link", 100, 0.001, 0.005, 0.02), sim));
            sim.attach(new BumperModel("bumper", 20));
            sim.attach(new BatteryModel(new BatteryModel.Params("battery", 1, 5, 12.6, 10.5, 0.5, 4, 0.05, 1)));
            sim.attach(new CameraModel(new CameraModel.Params("camera", "camera", 64, 64, 0.1, 5, PixelFormat.GRAY8),
                    sim));
        }
        // a circle of radius 1.7 m around (0, 1.7): stays in the free part of the room
        sim.command(0.5, 0.3);
    }

    @Benchmark
    public void step(Blackhole bh) {
        sim.step();
        bh.consume(sim.state());
    }

    /** For a quick look without JMH: {@code java -cp bench/target/benchmarks.jar mechos.bench.sim.SimStepBench}. */
    public static void main(String[] args) throws Exception {
        for (double rate : new double[] {10, 100}) {
            SimStepBench b = new SimStepBench();
            b.lidarRateHz = rate;
            b.allDevices = true;
            b.setUp();
            int n = 200_000;
            for (int i = 0; i < n / 4; i++) {
                b.sim.step();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                b.sim.step();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("lidar %.0f Hz: %.0f steps/s = %.0fx real time at 100 Hz physics (%d scans)%n", rate,
                    n / seconds, n / seconds / 100, b.scans);
        }
    }
}
