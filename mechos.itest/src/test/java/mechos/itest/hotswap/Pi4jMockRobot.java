package mechos.itest.hotswap;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;

import mechos.hal.api.DriveBase;
import mechos.hal.api.HealthState;
import mechos.itest.support.MechosTestSupport;
import mechos.kernel.api.DeviceRegistry;

/**
 * A robot made of mechos.hal.pi4j devices on Pi4J's mock platform, configured through Config Admin exactly as an
 * operator would (platform MOCK, a drive base 'base', optionally an e-stop 'estop'). Pin states are read and
 * switched through the Pi4J API of the context the driver bundle registers.
 */
final class Pi4jMockRobot {
    static final String BUNDLE = "mechos.hal.pi4j";
    static final String DRIVE_ID = "base";
    static final String ESTOP_ID = "estop";
    private static final Duration T = Duration.ofSeconds(30);

    private final BundleContext bc;
    private final ConfigurationAdmin cm;

    Pi4jMockRobot(BundleContext bc, ConfigurationAdmin cm) {
        this.bc = bc;
        this.cm = cm;
    }

    /** Configures the mock platform and a drive base (and an e-stop input when asked). */
    void configure(boolean withEStop) throws IOException {
        // This robot's hardware is the Pi4J mock: the hardware profile selects the Pi4J drivers (issue 13).
        Hashtable<String, Object> profile = new Hashtable<>();
        profile.put("profile", "pi4j");
        cm.getConfiguration("mechos.hardware", "?").update(profile);
        Hashtable<String, Object> platform = new Hashtable<>();
        platform.put("platform", "MOCK");
        cm.getConfiguration("mechos.hal.pi4j.platform", "?").update(platform);
        Hashtable<String, Object> drive = new Hashtable<>();
        drive.put("mechos.device.id", DRIVE_ID);
        Configuration d = cm.createFactoryConfiguration("mechos.hal.pi4j.drive", "?");
        d.update(drive);
        if (withEStop) {
            Hashtable<String, Object> estop = new Hashtable<>();
            estop.put("mechos.device.id", ESTOP_ID);
            estop.put("pin", 4);
            estop.put("pressed.when.high", true);
            cm.createFactoryConfiguration("mechos.hal.pi4j.estop", "?").update(estop);
        }
    }

    Bundle bundle() {
        return Arrays.stream(bc.getBundles()).filter(b -> BUNDLE.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(BUNDLE + " is not installed"));
    }

    /** @return the drive service, or null while there is none */
    DriveBase drive() {
        try {
            var refs = bc.getServiceReferences(DriveBase.class, "(mechos.device.id=" + DRIVE_ID + ")");
            if (refs.isEmpty()) {
                return null;
            }
            return bc.getService(refs.iterator().next());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return true when the driver itself reports ONLINE and the kernel sees the device present and accepting
     *         commands (ONLINE, or DEGRADED after a health poll that returned late on a starved machine)
     */
    boolean driveOnline(DeviceRegistry ignoredHeldRegistry) {
        // Always ask the current registry: the kernel's components are replaced once on first start when
        // FileInstall applies conf/mechos.kernel*, and a registry held from before never sees new devices.
        ServiceReference<DeviceRegistry> ref = bc.getServiceReference(DeviceRegistry.class);
        DeviceRegistry registry = ref == null ? null : bc.getService(ref);
        if (registry == null) {
            return false;
        }
        DriveBase d = drive();
        return d != null && d.health().state() == HealthState.ONLINE && registry.device(DRIVE_ID)
                .map(i -> i.present() && i.health().state().acceptsCommands()).orElse(false);
    }

    void awaitDriveOnline(DeviceRegistry registry) {
        try {
            awaitCondition("drive '" + DRIVE_ID + "' ONLINE (driver) and usable (kernel)", T, () -> driveOnline(registry));
        } catch (AssertionError e) {
            DriveBase d = drive();
            ServiceReference<DeviceRegistry> ref = bc.getServiceReference(DeviceRegistry.class);
            DeviceRegistry current = ref == null ? null : bc.getService(ref);
            String diagnosis = e.getMessage() + "; driver reports " + (d == null ? "no service" : d.health())
                    + "; current registry reports " + (current == null ? "no registry"
                            : current.device(DRIVE_ID).map(i -> i.present() + " " + i.health()).orElse("nothing"))
                    + "; components:" + MechosTestSupport.scrState(bc, "mechos.");
            System.out.println(diagnosis);
            throw new AssertionError(diagnosis, e);
        }
    }

    /** @return the mock Pi4J context of the running driver bundle, or null while there is none */
    Context context() {
        ServiceReference<Context> ref = bc.getServiceReference(Context.class);
        return ref == null ? null : bc.getService(ref);
    }

    Context awaitContext() {
        return awaitService(bc, Context.class, "(mechos.pi4j.platform=MOCK)", T);
    }

    /** @return the PWM output of one wheel ("left"/"right") in the current context, or null */
    Pwm pwm(String side) {
        Context c = context();
        String io = DRIVE_ID + "-" + side + "-pwm";
        return c == null || !c.registry().exists(io) ? null : c.registry().get(io, Pwm.class);
    }

    /** @return the duty (percent) of one wheel now; 0 when the driver is not running */
    double duty(String side) {
        Pwm p = pwm(side);
        return p == null ? 0 : p.dutyCycle();
    }

    /**
     * Sets the level of the e-stop input as the hardware would. MockDigitalInput lives in the driver bundle
     * (Pi4J's mock plugin is embedded there, not exported), so its public {@code mockState} is called reflectively.
     */
    void setEStopLevel(DigitalState level) {
        DigitalInput in = awaitContext().registry().get("estop-" + ESTOP_ID, DigitalInput.class);
        try {
            in.getClass().getMethod("mockState", DigitalState.class).invoke(in, level);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("cannot drive the mock e-stop input " + in.getClass(), e);
        }
    }
}
