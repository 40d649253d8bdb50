package mechos.hal.sim.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.DriveGeometry;
import mechos.hal.api.Pose2D;
import mechos.hal.api.control.PidGains;
import mechos.hal.sim.internal.engine.RealTimeDriver;
import mechos.hal.sim.internal.engine.RobotParams;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.support.HardwareProfile;

/**
 * A simulated robot: owns the {@link Simulation} and the thread that paces it to real time. Simulated devices
 * reference it by name ({@value #NAME_PROPERTY}) and attach their sensor models to its simulation.
 */
@Component(immediate = true, service = SimRobot.class,
        configurationPid = SimRobot.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        // active only while the hardware profile selects this family (mechos.hal.support.HardwareProfile)
        reference = @Reference(name = "hardware", service = HardwareProfile.class,
                target = "(" + HardwareProfile.PROPERTY + "=" + HardwareProfile.SIM + ")"))
@Designate(ocd = SimRobotConfig.class, factory = true)
public final class SimRobot {
    static final String PID = "mechos.hal.sim.robot";
    static final String NAME_PROPERTY = "mechos.sim.robot";
    private static final Logger LOG = LoggerFactory.getLogger(SimRobot.class);

    private final String name;
    private final Simulation simulation;
    private final RealTimeDriver driver;
    private volatile SimRobotConfig config;

    @Activate
    public SimRobot(SimRobotConfig config, @Reference(name = "world") SimWorld world) {
        this.name = requireName(config);
        this.config = config;
        long epoch = System.nanoTime();
        this.simulation = new Simulation(world.world(), params(config), epoch);
        this.driver = new RealTimeDriver(simulation, name, epoch, config.realTimeFactor());
        LOG.info("Simulated robot '{}' started in world '{}' at ({}, {}, {}), {} Hz physics, {}x real time", name,
                world.world().name(), config.startX(), config.startY(), config.startTheta(), config.physicsRate(),
                config.realTimeFactor());
    }

    /** For tests: a robot stepped by the caller (no real-time thread). */
    SimRobot(String name, Simulation simulation) {
        this(name, simulation, null);
    }

    /** For tests: as above, with the configuration {@link #modified} compares against. */
    SimRobot(String name, Simulation simulation, SimRobotConfig config) {
        this.name = name;
        this.simulation = simulation;
        this.driver = null;
        this.config = config;
    }

    /** @return the simulation devices attach to */
    public Simulation simulation() {
        return simulation;
    }

    public String name() {
        return name;
    }

    @Modified
    void modified(SimRobotConfig next) {
        PidGains gains = gains(next);
        SimRobotConfig previous = config;
        config = next;
        simulation.setWheelGains(gains);
        LOG.info("Simulated robot '{}': wheel PID gains now {}", name, gains);
        if (previous == null) {
            return;
        }
        List<String> needRestart = new ArrayList<>();
        Map.<String, Boolean>of(
                "mechos.sim.robot", !previous.mechos_sim_robot().equals(next.mechos_sim_robot()),
                "startX/startY/startTheta", previous.startX() != next.startX() || previous.startY() != next.startY()
                        || previous.startTheta() != next.startTheta(),
                "geometry", previous.wheelSeparation() != next.wheelSeparation()
                        || previous.wheelRadius() != next.wheelRadius() || previous.maxLinear() != next.maxLinear()
                        || previous.maxAngular() != next.maxAngular()
                        || previous.footprintRadius() != next.footprintRadius(),
                "maxWheelAccel/wheelFriction", previous.maxWheelAccel() != next.maxWheelAccel()
                        || previous.wheelFriction() != next.wheelFriction(),
                "physicsRate/realTimeFactor/seed", previous.physicsRate() != next.physicsRate()
                        || previous.realTimeFactor() != next.realTimeFactor() || previous.seed() != next.seed())
                .forEach((k, changed) -> {
                    if (changed) {
                        needRestart.add(k);
                    }
                });
        if (!needRestart.isEmpty()) {
            LOG.warn("Simulated robot '{}': changes to {} apply when the robot restarts (bundle or component restart)",
                    name, needRestart);
        }
    }

    @Deactivate
    void deactivate() {
        simulation.command(0, 0);
        if (driver != null) {
            driver.close();
        }
        LOG.info("Simulated robot '{}' stopped after {} steps", name, simulation.steps());
    }

    static RobotParams params(SimRobotConfig c) {
        try {
            return new RobotParams(
                    new DriveGeometry(c.wheelSeparation(), c.wheelRadius(), c.maxLinear(), c.maxAngular(),
                            c.footprintRadius()),
                    c.maxWheelAccel(), c.wheelFriction(), gains(c), c.physicsRate(),
                    new Pose2D(c.startX(), c.startY(), c.startTheta()), c.seed());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " '" + c.mechos_sim_robot() + "': " + e.getMessage(), e);
        }
    }

    static PidGains gains(SimRobotConfig c) {
        try {
            return new PidGains(c.pid_kp(), c.pid_ki(), c.pid_kd());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " '" + c.mechos_sim_robot() + "' properties pid.kp/ki/kd: "
                    + e.getMessage(), e);
        }
    }

    private static String requireName(SimRobotConfig c) {
        checkName(c);
        checkRealTimeFactor(c);
        return c.mechos_sim_robot();
    }

    /** @throws IllegalArgumentException if the robot's name is empty (also the bundle's validator) */
    static void checkName(SimRobotConfig c) {
        if (c.mechos_sim_robot() == null || c.mechos_sim_robot().isBlank()) {
            throw new IllegalArgumentException(PID + ": property " + NAME_PROPERTY + " must not be empty");
        }
    }

    /** @throws IllegalArgumentException unless realTimeFactor is finite and &gt; 0 (also the bundle's validator) */
    static void checkRealTimeFactor(SimRobotConfig c) {
        if (!(c.realTimeFactor() > 0) || !Double.isFinite(c.realTimeFactor())) {
            throw new IllegalArgumentException(PID + " '" + c.mechos_sim_robot() + "': property realTimeFactor must be"
                    + " > 0, was " + c.realTimeFactor());
        }
    }

    @Override
    public String toString() {
        return "SimRobot[" + name + "]";
    }
}
