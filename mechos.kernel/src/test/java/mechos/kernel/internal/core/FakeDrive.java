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
    public enum Mode { OK, THROW, HANG }

    public final List<String> commands = new CopyOnWriteArrayList<>();
    private final String id;
    public volatile Mode mode = Mode.OK;
    public final CountDownLatch release = new CountDownLatch(1);
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
        return DeviceHealth.online();
    }

    private void behave() throws DeviceException {
        if (mode == Mode.THROW) {
            throw new IllegalStateException("fake driver failure");
        }
        if (mode == Mode.HANG) {
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
        behave();
        this.linear = linear;
        this.angular = angular;
        commands.add("v " + linear + " " + angular);
    }

    @Override
    public void stop() throws DeviceException {
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
