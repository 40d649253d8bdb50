package mechos.kernel.internal.hw;

/** Told by the registry about device changes that matter to safety. Called on registry/driver threads; return fast. */
public interface RegistryListener {
    /** A device was attached, removed, or its health changed; {@code entry} is its value after the change. */
    void deviceChanged(DeviceEntry entry, String reason);

    /** An e-stop input's newest sample says pressed (decided by {@link EStopInputs}); pushed, not polled. */
    void estopPressed(EStopInputs.Assessment pressed);
}
