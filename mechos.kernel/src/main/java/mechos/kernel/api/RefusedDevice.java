package mechos.kernel.api;

import mechos.hal.api.DeviceKind;

/**
 * A device service the kernel's hardware registry refused because another service already owns its
 * {@code mechos.device.id} (the first owner keeps an id; the refused one takes over if the owner goes away).
 *
 * @param id          the contested {@code mechos.device.id}
 * @param kind        kind of the refused service
 * @param bundle      symbolic name of the bundle that registered the refused service
 * @param ownerKind   kind of the owner
 * @param ownerBundle symbolic name of the owner's bundle (empty when unknown)
 */
public record RefusedDevice(String id, DeviceKind kind, String bundle, DeviceKind ownerKind, String ownerBundle) {
    /** @return the operator's line, e.g. "refused: duplicate id 'lidar', owned by LIDAR from bundle mechos.hal.serial" */
    public String reason() {
        return "refused: duplicate id '" + id + "', owned by " + ownerKind + " from bundle "
                + (ownerBundle.isEmpty() ? "?" : ownerBundle);
    }
}
