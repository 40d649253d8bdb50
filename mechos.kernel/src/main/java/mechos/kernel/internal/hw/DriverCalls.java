package mechos.kernel.internal.hw;

import java.util.function.Consumer;

import mechos.hal.api.Device;
import mechos.kernel.api.DispatchResult;

/**
 * Where calls into drivers run: the {@link Dispatcher} in the kernel, a hand-stepped fake in tests (so supervision
 * and routing can be tested call by call, with no threads).
 */
interface DriverCalls {
    /**
     * Submits a call; never blocks. {@code done} receives exactly one result. When a call that was reported
     * TIMED_OUT returns later on its own, {@code lateReturn} (may be null) is told.
     */
    <D extends Device> void submit(D device, String deviceId, String command, String intentId, long deadlineNanos,
            DeviceCall<D> call, Consumer<DispatchResult> done, Runnable lateReturn);
}
