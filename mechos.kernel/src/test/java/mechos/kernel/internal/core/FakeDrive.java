package mechos.kernel.internal.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import mechos.hal.api.DeviceException;
import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DriveBase;
import mechos.hal.api.DriveGeometry;
import mechos.hal.api.WheelSpeeds;

/** A drive base that records commands; can be told to throw or to hang. */
public final class FakeDrive implements DriveBase {
    /**
     * HANG_VELOCITY: only setVelocity hangs (a stuck command path that still takes a stop). DECLINE: every command
     * is declined with a DeviceException, as a driver that is not connected does.
     */
    public enum Mode { OK, THROW, HANG, HANG_VELOCITY, DECLINE }

    public final List<String> commands = new CopyOnWriteArrayList<>();
    private final String id;
    public volatile Mode mode = Mode.OK;
    public final CountDownLatch release = new CountDownLatch(1);
    /** How many times stop() was entered (counted before it behaves, so a hanging stop is counted too). */
    public final java.util.concurrent.atomic.AtomicInteger stopCalls = new java.util.concurrent.atomic.AtomicInteger();
    public volatile DeviceHealth health = DeviceHealth.online();
    public volatile double linear;
    public volatile double angular;

    public FakeDrive(String id) {
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

    private void behave() throws DeviceException {
        behave(false);
    }

    private void behave(boolean velocity) throws DeviceException {
        if (mode == Mode.THROW) {
            throw new IllegalStateException("fake driver failure");
        }
        if (mode == Mode.DECLINE) {
            throw new DeviceException("fake drive not connected");
        }
        if (mode == Mode.HANG || (velocity && mode == Mode.HANG_VELOCITY)) {
            try {
                release.await();
            } catch (InterruptedException e) {
                // a badly written driver ignores interruption and keeps hanging
                Thread.currentThread().interrupt();
                throw new DeviceException("interrupted");
            }
        }
    }

    @Override
    public void setVelocity(double linear, double angular) throws DeviceException {
        behave(true);
        this.linear = linear;
        this.angular = angular;
        commands.add("v " + linear + " " + angular);
    }

    @Override
    public void stop() throws DeviceException {
        stopCalls.incrementAndGet();
        behave();
        linear = 0;
        angular = 0;
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
