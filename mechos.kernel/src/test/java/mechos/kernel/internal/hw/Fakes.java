package mechos.kernel.internal.hw;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import mechos.hal.api.DeviceException;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DriveBase;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.EStopInput;
import mechos.hal.api.EStopReading;
import mechos.hal.api.SensorListener;
import mechos.hal.api.Subscription;
import mechos.hal.api.WheelSpeeds;

/** Small devices for stepping the supervisor by hand. */
final class Fakes {
    private Fakes() {
    }

    /** A drive base that records commands and throws when told to. */
    static final class Drive implements DriveBase {
        final String id;
        final List<String> commands = new CopyOnWriteArrayList<>();
        volatile DeviceHealth health = DeviceHealth.online();
        volatile RuntimeException failure;

        Drive(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public DeviceHealth health() {
            return health;
        }

        @Override
        public void setVelocity(double linear, double angular) throws DeviceException {
            if (failure != null) {
                throw failure;
            }
            commands.add("v " + linear + " " + angular);
        }

        @Override
        public void stop() {
            commands.add("stop");
        }

        @Override
        public WheelSpeeds measuredWheelSpeeds() {
            return WheelSpeeds.ZERO;
        }

        @Override
        public DriveGeometry geometry() {
            return new DriveGeometry(0.3, 0.05, 1.0, 3.0, 0.2);
        }
    }

    /** An e-stop input whose samples the test pushes. */
    static final class EStop implements EStopInput {
        final String id;
        volatile SensorListener<? super EStopReading> listener;
        volatile boolean closed;

        EStop(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public DeviceHealth health() {
            return DeviceHealth.online();
        }

        @Override
        public EStopReading latest() {
            return null;
        }

        @Override
        public Subscription subscribe(SensorListener<? super EStopReading> l) {
            this.listener = l;
            return () -> closed = true;
        }

        void push(boolean pressed, long nanos) {
            listener.onSample(new EStopReading(nanos, pressed));
        }
    }
}
