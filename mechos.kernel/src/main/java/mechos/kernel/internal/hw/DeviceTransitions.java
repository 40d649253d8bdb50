package mechos.kernel.internal.hw;

import mechos.hal.api.Actuator;
import mechos.hal.api.Device;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;
import mechos.hal.api.DriveGeometry;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;
import mechos.kernel.api.EffectorLimits;

/**
 * Every way a device's state can change, as pure functions from the value before (null when the id was never
 * seen) to a {@link Step}: the value after plus what the supervisor must do about it (tell the bus and the
 * kernel, command a safe state). No clock, no threads, no I/O: time arrives as an argument, so a test steps
 * through a device's life call by call.
 *
 * <p>A transition naming a {@code service} only applies while that service object is the one bound under the id:
 * a report from a replaced or removed driver (greedy rebinding binds the new service before it unbinds the old)
 * leaves the state as it is.
 */
public final class DeviceTransitions {
    private DeviceTransitions() {
    }

    /**
     * The outcome of one transition.
     *
     * @param before    the value before, or null
     * @param after     the value after (identical to {@code before} when nothing changed), or null
     * @param change    why listeners must hear of it, or null when they need not
     * @param safeState true when the actuator should be sent to its safe state once (first fault by a throw)
     */
    public record Step(DeviceEntry before, DeviceEntry after, String change, boolean safeState) {
        static Step none(DeviceEntry e) {
            return new Step(e, e, null, false);
        }

        static Step changed(DeviceEntry before, DeviceEntry after, String why) {
            return new Step(before, after, why, false);
        }

        Step withAfter(DeviceEntry a) {
            return new Step(before, a, change, safeState);
        }

        /** @return true when the value was replaced */
        public boolean applied() {
            return before != after;
        }
    }

    private static boolean bound(DeviceEntry e, Device service) {
        return e != null && e.present() && e.service() == service && service != null;
    }

    /**
     * A service registered under {@code id}: present, healthy as far as the kernel knows (its own report follows),
     * callable. Samples and what was read from an earlier driver are kept; their age speaks for itself.
     * Attaching the service already bound (one registration under two device interfaces) changes nothing.
     */
    public static Step attach(DeviceEntry before, String id, DeviceKind kind, Device service, String bundle) {
        if (bound(before, service)) {
            return Step.none(before);
        }
        DeviceEntry after = new DeviceEntry(id, kind, service, bundle, true, DeviceHealth.online(), null, null, false,
                before == null ? null : before.latestSample(), before == null ? 0 : before.lastSampleNanos(),
                before == null ? null : before.geometry(), before == null ? null : before.effector());
        return Step.changed(before, after, "attached");
    }

    /** The service was unregistered: OFFLINE, not callable. A stale unbind of a replaced service changes nothing. */
    public static Step detach(DeviceEntry before, Device service) {
        if (!bound(before, service)) {
            return Step.none(before);
        }
        DeviceEntry after = new DeviceEntry(before.id(), before.kind(), null, before.bundle(), false,
                before.driverHealth(), before.kernelHealth(), DeviceHealth.offline("service unregistered"),
                before.hung(), before.latestSample(), before.lastSampleNanos(), before.geometry(), before.effector());
        return Step.changed(before, after, "service unregistered");
    }

    /** The driver answered {@code health()}; listeners hear of it only when the state changes. */
    public static Step health(DeviceEntry before, Device service, DeviceHealth reported) {
        if (!bound(before, service)) {
            return Step.none(before);
        }
        DeviceHealth h = reported != null ? reported : DeviceHealth.fault("driver returned null health");
        DeviceHealth was = before.driverHealth();
        if (was.state() == h.state() && was.reason().equals(h.reason())) {
            return Step.none(before);
        }
        DeviceEntry after = withDriverHealth(before, h);
        String change = before.driverHealth().state() != h.state() ? "driver reports " + h : null;
        return new Step(before, after, change, false);
    }

    /** A sensor sample arrived at {@code nowNanos} (kernel clock). Not a change listeners hear of. */
    public static Step sample(DeviceEntry before, Device service, Object sample, long nowNanos) {
        if (!bound(before, service) || sample == null) {
            return Step.none(before);
        }
        DeviceEntry after = new DeviceEntry(before.id(), before.kind(), service, before.bundle(), true,
                before.driverHealth(), before.kernelHealth(), null, before.hung(), sample, nowNanos, before.geometry(),
                before.effector());
        return Step.none(before).withAfter(after);
    }

    /** A drive base's geometry was read. */
    public static Step geometry(DeviceEntry before, Device service, DriveGeometry geometry) {
        if (!bound(before, service)) {
            return Step.none(before);
        }
        return Step.none(before).withAfter(new DeviceEntry(before.id(), before.kind(), service, before.bundle(), true,
                before.driverHealth(), before.kernelHealth(), null, before.hung(), before.latestSample(),
                before.lastSampleNanos(), geometry, before.effector()));
    }

    /** An end effector's limits were read. */
    public static Step effector(DeviceEntry before, Device service, EffectorLimits limits) {
        if (!bound(before, service)) {
            return Step.none(before);
        }
        return Step.none(before).withAfter(new DeviceEntry(before.id(), before.kind(), service, before.bundle(), true,
                before.driverHealth(), before.kernelHealth(), null, before.hung(), before.latestSample(),
                before.lastSampleNanos(), before.geometry(), limits));
    }

    /**
     * Classifies the result of a call into the driver. DONE and REFUSED (our executor was full) say nothing
     * about the device. UNAVAILABLE (the driver declined with a DeviceException) is expected trouble: OFFLINE as
     * the driver says, until its next health report. FAILED (it threw) and TIMED_OUT (it hung) are the kernel's
     * own observation: FAULT until re-registration or an operator reset; a hung driver gets only safety calls
     * until it returns. The first fault by a throw asks for one attempt to leave an actuator safe (a hung driver
     * gets its stops through the safety path instead).
     */
    public static Step dispatchResult(DeviceEntry before, Device service, DispatchResult r) {
        if (!bound(before, service)) {
            return Step.none(before);
        }
        DispatchOutcome o = r.outcome();
        if (o == DispatchOutcome.UNAVAILABLE) {
            String reason = "driver declined " + r.command() + ": " + r.detail();
            return Step.changed(before, withDriverHealth(before, DeviceHealth.offline(reason)), reason);
        }
        if (o != DispatchOutcome.FAILED && o != DispatchOutcome.TIMED_OUT) {
            return Step.none(before);
        }
        boolean timedOut = o == DispatchOutcome.TIMED_OUT;
        String reason = (timedOut ? "driver hung: " : "driver threw: ") + r.command() + ": " + r.detail();
        boolean first = before.kernelHealth() == null;
        DeviceEntry after = new DeviceEntry(before.id(), before.kind(), service, before.bundle(), true,
                before.driverHealth(), DeviceHealth.fault(reason), null, before.hung() || timedOut,
                before.latestSample(), before.lastSampleNanos(), before.geometry(), before.effector());
        return new Step(before, after, reason, first && !timedOut && service instanceof Actuator);
    }

    /**
     * A call reported hung returned after all: the driver is slow, not dead (e.g. the machine was starved). It is
     * callable again; the fault stays visible as DEGRADED until the next health change or reset.
     */
    public static Step lateReturn(DeviceEntry before, Device service) {
        if (!bound(before, service) || !before.hung()) {
            return Step.none(before);
        }
        DeviceEntry after = new DeviceEntry(before.id(), before.kind(), service, before.bundle(), true,
                before.driverHealth(), DeviceHealth.degraded("driver returned late from a call past its deadline"),
                null, false, before.latestSample(), before.lastSampleNanos(), before.geometry(), before.effector());
        return Step.changed(before, after, "returned late");
    }

    /**
     * A hung device answered the health call an operator reset sent it: it is callable again and the kernel's
     * fault is forgotten, as for any other device on reset.
     */
    public static Step retriedAfterReset(DeviceEntry before, Device service) {
        if (!bound(before, service) || !before.hung()) {
            return Step.none(before);
        }
        DeviceEntry after = new DeviceEntry(before.id(), before.kind(), service, before.bundle(), true,
                before.driverHealth(), null, null, false, before.latestSample(), before.lastSampleNanos(),
                before.geometry(), before.effector());
        return Step.changed(before, after, "answered after operator reset");
    }

    /**
     * Operator reset: forgets what the kernel observed of a present device. A hung device stays hung here; the
     * supervisor retries it with a health call and {@link #retriedAfterReset} un-hangs it when that returns.
     */
    public static Step clearFault(DeviceEntry before) {
        if (before == null || !before.present() || before.hung() || before.kernelHealth() == null) {
            return Step.none(before);
        }
        DeviceEntry after = new DeviceEntry(before.id(), before.kind(), before.service(), before.bundle(), true,
                before.driverHealth(), null, null, false, before.latestSample(), before.lastSampleNanos(),
                before.geometry(), before.effector());
        return Step.changed(before, after, "fault cleared by operator reset");
    }

    private static DeviceEntry withDriverHealth(DeviceEntry e, DeviceHealth h) {
        return new DeviceEntry(e.id(), e.kind(), e.service(), e.bundle(), e.present(), h, e.kernelHealth(),
                e.removedHealth(), e.hung(), e.latestSample(), e.lastSampleNanos(), e.geometry(), e.effector());
    }
}
