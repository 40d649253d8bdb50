package mechos.kernel.internal.hw;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.HealthState;
import mechos.kernel.api.DeviceInfo;
import mechos.kernel.api.EffectorLimits;

/**
 * What the kernel knows about one device id at one moment: an immutable value. A change (attach, health report,
 * sample, dispatch result, detach, fault reset) makes a new value through {@link DeviceTransitions}; readers (the
 * gate, rules, the safety tick) hold one consistent value and never see half of an update.
 *
 * @param id             the device id ({@code mechos.device.id})
 * @param kind           what the device is, from the interface it is registered under
 * @param service        the driver's service object while bound, else null (only the command router calls it)
 * @param bundle         symbolic name of the bundle that registered it, never null
 * @param present        true while the service is registered
 * @param driverHealth   what the driver last reported (or OFFLINE after it declined a call), never null
 * @param kernelHealth   what the kernel observed (a throw, a hang, a late return), null when nothing; cleared on
 *                       re-registration or operator reset
 * @param removedHealth  why the device is gone while not present, else null
 * @param hung           a call did not return by its deadline: only safety calls go to it until it returns late or
 *                       registers again
 * @param latestSample   the newest sensor sample, or null
 * @param lastSampleNanos kernel clock (nanos) when the newest sample arrived, 0 when none has
 * @param geometry       a drive base's geometry once read, else null
 * @param effector       an end effector's limits once read, else null
 */
public record DeviceEntry(String id, DeviceKind kind, Device service, String bundle, boolean present,
        DeviceHealth driverHealth, DeviceHealth kernelHealth, DeviceHealth removedHealth, boolean hung,
        Object latestSample, long lastSampleNanos, DriveGeometry geometry, EffectorLimits effector) {

    public DeviceEntry {
        java.util.Objects.requireNonNull(id, "id");
        java.util.Objects.requireNonNull(driverHealth, "driverHealth");
        bundle = bundle == null ? "" : bundle;
    }

    /** @return the worst of: removed, what the kernel observed, what the driver reports */
    public DeviceHealth health() {
        if (!present) {
            return removedHealth != null ? removedHealth : DeviceHealth.offline("service unregistered");
        }
        if (kernelHealth == null) {
            return driverHealth;
        }
        return driverHealth.state().worse(kernelHealth.state()) == kernelHealth.state() ? kernelHealth : driverHealth;
    }

    /** @return true when ordinary (non-safety) commands may be sent: present, not hung, ONLINE or DEGRADED */
    public boolean usable() {
        return present && !hung && health().state().acceptsCommands();
    }

    /** @return true when the device is OFFLINE or FAULT (gone counts as OFFLINE) */
    public boolean failed() {
        HealthState s = health().state();
        return s == HealthState.OFFLINE || s == HealthState.FAULT;
    }

    public DeviceInfo info() {
        return new DeviceInfo(id, kind, health(), bundle, present);
    }

    @Override
    public String toString() {
        return "DeviceEntry[" + id + " " + kind + " " + (present ? "" : "absent ") + health() + (hung ? " hung" : "")
                + "]";
    }
}
