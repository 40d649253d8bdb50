package mechos.itest.kernel;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import mechos.hal.api.DeviceException;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DriveBase;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.Relay;
import mechos.hal.api.WheelSpeeds;

/** Fake devices registered from the test bundle. */
final class ItDevices {
    private ItDevices() {
    }

    /** Names of the threads that called any of these devices' methods (the safety tick must never be one). */
    static final Set<String> CALLERS = ConcurrentHashMap.newKeySet();

    private static void called() {
        CALLERS.add(Thread.currentThread().getName());
    }

    /** A drive base that records what it was told. */
    static final class Drive implements DriveBase {
        final List<String> commands = new CopyOnWriteArrayList<>();
        private final String id;

        Drive(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public DeviceHealth health() {
            called();
            return DeviceHealth.online();
        }

        @Override
        public void setVelocity(double linear, double angular) {
            called();
            commands.add("v " + linear + " " + angular);
        }

        @Override
        public void stop() {
            called();
            commands.add("stop");
        }

        @Override
        public WheelSpeeds measuredWheelSpeeds() {
            called();
            return WheelSpeeds.ZERO;
        }

        @Override
        public DriveGeometry geometry() {
            return new DriveGeometry(0.3, 0.05, 1.0, 3.0, 0.2);
        }
    }

    /** A relay whose driver throws, or hangs until released. */
    static final class BadRelay implements Relay {
        final CountDownLatch release = new CountDownLatch(1);
        private final String id;
        private final boolean hang;
        volatile boolean state;

        BadRelay(String id, boolean hang) {
            this.id = id;
            this.hang = hang;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public DeviceHealth health() {
            called();
            return DeviceHealth.online();
        }

        @Override
        public void set(boolean on) throws DeviceException {
            called();
            if (!hang) {
                throw new IllegalStateException("relay driver bug (itest)");
            }
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException("interrupted");
            }
            state = on;
        }

        @Override
        public boolean state() {
            called();
            return state;
        }

        @Override
        public boolean safeState() {
            return false;
        }
    }

    /** A relay that works. */
    static final class GoodRelay implements Relay {
        private final String id;
        volatile boolean state;

        GoodRelay(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public DeviceHealth health() {
            called();
            return DeviceHealth.online();
        }

        @Override
        public void set(boolean on) {
            called();
            state = on;
        }

        @Override
        public boolean state() {
            called();
            return state;
        }

        @Override
        public boolean safeState() {
            return false;
        }
    }
}
