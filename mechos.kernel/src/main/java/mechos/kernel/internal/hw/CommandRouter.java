package mechos.kernel.internal.hw;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import mechos.hal.api.Device;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;

/**
 * Command routing: the only path from the kernel into a driver's commands. Decides from the device's current
 * value whether a command may go, sends it through {@link DriverCalls} with the deadline, and hands the result to
 * supervision (which classifies failures), the bus and the caller. Never blocks.
 */
final class CommandRouter {
    private final DeviceSupervisor supervisor;
    private final DriverCalls calls;
    private final LongSupplier deadlineNanos;
    /**
     * A safety call to a hung device is running: a dead driver may hold at most one dispatch worker for stops.
     * Keyed by the service object, so a driver that registers again starts with a free slot.
     */
    private final ConcurrentHashMap<Device, AtomicBoolean> safetyCallInFlight = new ConcurrentHashMap<>();

    CommandRouter(DeviceSupervisor supervisor, DriverCalls calls, LongSupplier deadlineNanos) {
        this.supervisor = supervisor;
        this.calls = calls;
        this.deadlineNanos = deadlineNanos;
    }

    /** Forgets the in-flight guard of a service that is gone. */
    void forget(Device d) {
        if (d != null) {
            safetyCallInFlight.remove(d);
        }
    }

    /** See {@link HardwareRegistry#command}. */
    <D extends Device> void command(String deviceId, Class<D> type, String command, String intentId, boolean safety,
            DeviceCall<D> call, Consumer<DispatchResult> after) {
        DeviceEntry e = supervisor.table().get(deviceId);
        Device d = e == null || !e.present() ? null : e.service();
        boolean allowed = d != null && type.isInstance(d) && (safety || e.usable());
        boolean guarded = allowed && safety && e.hung();
        AtomicBoolean slot = guarded ? safetyCallInFlight.computeIfAbsent(d, x -> new AtomicBoolean()) : null;
        boolean alreadyPending = guarded && !slot.compareAndSet(false, true);
        if (!allowed || alreadyPending) {
            String why = e == null ? "no device '" + deviceId + "'"
                    : d == null ? "device '" + deviceId + "' is OFFLINE (service unregistered)"
                    : !type.isInstance(d) ? "device '" + deviceId + "' is a " + e.kind() + ", not a " + type.getSimpleName()
                    : alreadyPending ? "device '" + deviceId + "' is hung; an earlier safety call is still pending"
                    : "device '" + deviceId + "' is " + e.health();
            finish(new DispatchResult(intentId, deviceId, command, DispatchOutcome.NO_DEVICE, why, 0), after);
            return;
        }
        D typed = type.cast(d);
        // The guard is released when the driver call itself returns (normally, by throwing, or late), not when
        // the deadline reports it: a stop still stuck in the driver keeps the one slot it holds.
        DeviceCall<D> guardedCall = !guarded ? call : x -> {
            try {
                call.call(x);
            } finally {
                slot.set(false);
            }
        };
        calls.submit(typed, deviceId, command, intentId, deadlineNanos.getAsLong(), guardedCall, r -> {
            if (guarded && r.outcome() == DispatchOutcome.REFUSED) {
                slot.set(false);
            }
            supervisor.onResult(deviceId, d, r);
            finish(r, after);
        }, () -> supervisor.lateReturn(deviceId, d));
    }

    private void finish(DispatchResult r, Consumer<DispatchResult> after) {
        supervisor.publishResult(r);
        if (after != null) {
            after.accept(r);
        }
    }
}
