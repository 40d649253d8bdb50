package mechos.kernel.internal.hw;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

import mechos.hal.api.Device;
import mechos.hal.api.DeviceException;
import mechos.kernel.api.DispatchOutcome;
import mechos.kernel.api.DispatchResult;

/**
 * Driver calls that run only when the test says so, on the test's thread: the supervisor and the router can be
 * stepped call by call, with no threads and no timing.
 */
final class ManualCalls implements DriverCalls {
    /** One submitted call, not yet run. */
    final class Pending {
        final String deviceId;
        final String command;
        private final Runnable run;
        private final Consumer<DispatchResult> done;
        private final Runnable lateReturn;

        Pending(String deviceId, String command, Runnable run, Consumer<DispatchResult> done, Runnable lateReturn) {
            this.deviceId = deviceId;
            this.command = command;
            this.run = run;
            this.done = done;
            this.lateReturn = lateReturn;
        }

        /** Runs the call now and reports its outcome, as a dispatch worker would. */
        void run() {
            run.run();
        }

        /** The deadline passed with the call still in the driver: TIMED_OUT is reported, nothing runs. */
        void timeOut() {
            done.accept(new DispatchResult(null, deviceId, command, DispatchOutcome.TIMED_OUT, "no return", 0));
        }

        /** The call that timed out returns after all. */
        void returnLate() {
            if (lateReturn != null) {
                lateReturn.run();
            }
        }

        @Override
        public String toString() {
            return deviceId + ":" + command;
        }
    }

    final Deque<Pending> pending = new ArrayDeque<>();

    @Override
    public <D extends Device> void submit(D device, String deviceId, String command, String intentId,
            long deadlineNanos, DeviceCall<D> call, Consumer<DispatchResult> done, Runnable lateReturn) {
        Runnable run = () -> {
            DispatchOutcome outcome = DispatchOutcome.DONE;
            String detail = "";
            try {
                call.call(device);
            } catch (DeviceException e) {
                outcome = DispatchOutcome.UNAVAILABLE;
                detail = e.getMessage();
            } catch (Exception e) {
                outcome = DispatchOutcome.FAILED;
                detail = e.toString();
            }
            done.accept(new DispatchResult(intentId, deviceId, command, outcome, detail, 0));
        };
        pending.add(new Pending(deviceId, command, run, done, lateReturn));
    }

    /** @return the commands waiting, in order, as "device:command" */
    List<String> waiting() {
        List<String> l = new ArrayList<>();
        pending.forEach(p -> l.add(p.toString()));
        return l;
    }

    /** Takes the next waiting call for {@code deviceId} whose command starts with {@code prefix}. */
    Pending take(String deviceId, String prefix) {
        for (Pending p : pending) {
            if (p.deviceId.equals(deviceId) && p.command.startsWith(prefix)) {
                pending.remove(p);
                return p;
            }
        }
        throw new AssertionError("no call " + deviceId + ":" + prefix + "* waiting; waiting: " + waiting());
    }

    /** Runs every waiting call (and any they submit) to completion. */
    void runAll() {
        Pending p;
        while ((p = pending.poll()) != null) {
            p.run();
        }
    }
}
