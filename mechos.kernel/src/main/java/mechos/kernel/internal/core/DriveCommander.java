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
        registry.command(driveId, DriveBase.class, String.format("setVelocity(%.3f, %.3f)", linear, angular),
                intentId, false, admission.guard(d -> d.setVelocity(linear, angular)), null);
    }

    /** Ramp step of a controlled stop: a safety command, sent even to a device marked FAULT by a throw. */
    void rampStep(String driveId, double linear, double angular) {
        if (admission.closed()) {
            LOG.debug("kernel shutting down: ramp step for {} not sent (the safe state follows)", driveId);
            return;
        }
        registry.command(driveId, DriveBase.class, String.format("ramp(%.3f, %.3f)", linear, angular), null, true,
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
}
