package mechos.kernel.internal.hw;

/** Told by the registry about device changes that matter to safety. Called on registry/driver threads; return fast. */
public interface RegistryListener {
    /** A device was attached, removed, or its health changed. */
    void deviceChanged(DeviceEntry entry, String reason);

    /** An e-stop input reported a press. */
    void estopPressed(String deviceId);
}
