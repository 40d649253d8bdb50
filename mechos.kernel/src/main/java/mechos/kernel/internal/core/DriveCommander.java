package mechos.kernel.internal.core;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveBase;
import mechos.kernel.internal.hw.DeviceEntry;
import mechos.kernel.internal.hw.HardwareRegistry;

/** Velocity and stop commands to drive bases, always through the registry's dispatch executor (never blocking). */
final class DriveCommander {
    private static final Logger LOG = LoggerFactory.getLogger(DriveCommander.class);
    private final HardwareRegistry registry;
    private final Motion motion;
    private final Admission admission;

    /** @param admission motion (velocity, ramp steps) is sent only while it is open; stops always are */
    DriveCommander(HardwareRegistry registry, Motion motion, Admission admission) {
        this.registry = registry;
        this.motion = motion;
        this.admission = admission;
    }

    void velocity(String driveId, double linear, double angular, String intentId) {
        if (admission.closed()) {
            LOG.debug("kernel shutting down: velocity for {} not sent", driveId);
            return;
        }
        registry.command(driveId, DriveBase.class, label("setVelocity(", linear, angular),
                intentId, false, admission.guard(d -> d.setVelocity(linear, angular)), null);
    }

    /** Ramp step of a controlled stop: a safety command, sent even to a device marked FAULT by a throw. */
    void rampStep(String driveId, double linear, double angular) {
        if (admission.closed()) {
            LOG.debug("kernel shutting down: ramp step for {} not sent (the safe state follows)", driveId);
            return;
        }
        registry.command(driveId, DriveBase.class, label("ramp(", linear, angular), null, true,
                admission.guard(d -> d.setVelocity(linear, angular)), null);
    }

    /** Immediate stop of every drive base; clears the commanded motion. */
    void stopAll(String why, String intentId) {
        motion.idle();
        List<DeviceEntry> drives = registry.ofKind(DeviceKind.DRIVE_BASE);
        for (DeviceEntry e : drives) {
            if (e.present()) {
                registry.command(e.id(), DriveBase.class, "stop (" + why + ")", intentId, true, DriveBase::stop, null);
            }
        }
        LOG.debug("stop sent to {} drive bases: {}", drives.size(), why);
    }

    /**
     * {@code verb + "l, a)"} with three decimals, as {@code String.format("%.3f")} writes them, without its cost
     * (a Formatter per call was half of what an approved submit allocated). Rounding is half-up on the binary
     * value, so a tie in the fourth decimal may round the other way than Formatter would; it is a label only.
     */
    static String label(String verb, double linear, double angular) {
        StringBuilder sb = new StringBuilder(verb.length() + 20).append(verb);
        fixed3(sb, linear);
        fixed3(sb.append(", "), angular);
        return sb.append(')').toString();
    }

    private static void fixed3(StringBuilder sb, double v) {
        if (!(Math.abs(v) < 1e12)) {
            sb.append(String.format(java.util.Locale.ROOT, "%.3f", v)); // NaN, infinities, huge values: never on an approved path
            return;
        }
        long m = Math.round(Math.abs(v) * 1000);
        if (Double.doubleToRawLongBits(v) < 0) {
            sb.append('-');
        }
        long frac = m % 1000;
        sb.append(m / 1000).append('.');
        if (frac < 100) {
            sb.append('0');
        }
        if (frac < 10) {
            sb.append('0');
        }
        sb.append(frac);
    }
}
