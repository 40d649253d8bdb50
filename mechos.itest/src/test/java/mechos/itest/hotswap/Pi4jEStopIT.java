package mechos.itest.hotswap;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import com.pi4j.io.gpio.digital.DigitalState;

import mechos.hal.api.EStopInput;
import mechos.hal.api.HealthState;
import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.Decision;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.api.SafetyState;

/**
 * The Pi4J e-stop button (mock platform) with the real kernel: pressing it while driving latches the kernel's
 * e-stop and the H-bridges go to zero duty; a reset is refused while it is still pressed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Pi4jEStopIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SHORT = Duration.ofSeconds(15);

    @Inject
    BundleContext bc;
    @Inject
    ConfigurationAdmin cm;

    @Configuration
    public Option[] config() {
        return MechosTestSupport.options(bsn -> !bsn.equals("mechos.hal.sim") && !bsn.equals("mechos.runtime"));
    }

    @Test
    public void pressingTheEStopLatchesTheKernelAndZeroesThePwm() throws Exception {
        DeviceRegistry initialRegistry = awaitService(bc, DeviceRegistry.class, null, START);
        Pi4jMockRobot robot = new Pi4jMockRobot(bc, cm);
        robot.configure(true);
        robot.awaitDriveOnline(initialRegistry);
        // By now the first-start reconfiguration is over: use the kernel services as they are now.
        Kernel kernel = awaitService(bc, Kernel.class, null, START);
        OperatorControl operator = awaitService(bc, OperatorControl.class, null, START);
        DeviceRegistry registry = awaitService(bc, DeviceRegistry.class, null, START);
        EStopInput estop = awaitService(bc, EStopInput.class, "(mechos.device.id=estop)", START);
        robot.setEStopLevel(DigitalState.LOW); // NC contact closed: released
        awaitCondition("e-stop reads released", SHORT, () -> estop.health().state() == HealthState.ONLINE
                && estop.latest() != null && !estop.latest().pressed());
        try {
            awaitCondition("kernel NOMINAL", SHORT, () -> {
                if (kernel.status().state() != SafetyState.NOMINAL) {
                    operator.reset("estop-itest"); // latched while the input was still coming up (fail safe)
                }
                return kernel.status().state() == SafetyState.NOMINAL;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; kernel " + kernel.status() + "; the kernel's view of the"
                    + " input: " + registry.device("estop") + "; the driver says " + estop.health()); // no cause:
            // the container reports a cause instead of this message
        }

        ScheduledExecutorService lease = Executors.newSingleThreadScheduledExecutor();
        try {
            lease.scheduleAtFixedRate(() -> kernel.submit("operator", new Drive(0.05, 0)), 0, 50, TimeUnit.MILLISECONDS);
            awaitCondition("wheels driven", SHORT, () -> robot.duty("left") > 0 && robot.duty("right") > 0);

            robot.setEStopLevel(DigitalState.HIGH); // pressed (contact opened)
            awaitCondition("EStopInput reports pressed", SHORT, () -> estop.latest().pressed());
            awaitCondition("kernel ESTOP_LATCHED", SHORT, () -> kernel.status().state() == SafetyState.ESTOP_LATCHED);
            awaitCondition("PWM at zero on both wheels", SHORT, () -> robot.duty("left") == 0 && robot.duty("right") == 0);
            Decision refused = kernel.submit("operator", new Drive(0.05, 0));
            assertFalse("motion is rejected while latched", refused.approved());
            assertFalse("reset is refused while the button is still pressed", operator.reset("estop-itest"));
            assertEquals(0, robot.duty("left"), 0);
        } finally {
            lease.shutdownNow();
            assertTrue(lease.awaitTermination(5, TimeUnit.SECONDS));
        }
        robot.setEStopLevel(DigitalState.LOW);
        awaitCondition("released", SHORT, () -> !estop.latest().pressed());
        awaitCondition("reset accepted once released", SHORT, () -> operator.reset("estop-itest"));
        assertEquals(SafetyState.NOMINAL, kernel.status().state());
    }
}
