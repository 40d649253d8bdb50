package mechos.kernel.internal.core;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.Relay;

/** A relay that remembers its state. */
public final class FakeRelay implements Relay {
    private final String id;
    private volatile boolean on;

    public FakeRelay(String id) {
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
    public void set(boolean on) {
        this.on = on;
    }

    @Override
    public boolean state() {
        return on;
    }

    @Override
    public boolean safeState() {
        return false;
    }
}
