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

    DriveCommander(HardwareRegistry registry, Motion motion) {
        this.registry = registry;
        this.motion = motion;
    }

    void velocity(String driveId, double linear, double angular, String intentId) {
        registry.command(driveId, DriveBase.class, String.format("setVelocity(%.3f, %.3f)", linear, angular),
                intentId, false, d -> d.setVelocity(linear, angular), null);
    }

    /** Ramp step of a controlled stop: a safety command, sent even to a device marked FAULT by a throw. */
    void rampStep(String driveId, double linear, double angular) {
        registry.command(driveId, DriveBase.class, String.format("ramp(%.3f, %.3f)", linear, angular), null, true,
                d -> d.setVelocity(linear, angular), null);
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
