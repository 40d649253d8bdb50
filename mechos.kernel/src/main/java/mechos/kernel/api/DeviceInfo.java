package mechos.kernel.api;

import mechos.hal.api.DeviceHealth;
import mechos.hal.api.DeviceKind;

/**
 * The kernel's view of one device: read-only, for consoles and rules.
 *
 * @param id       {@code mechos.device.id}
 * @param kind     device kind
 * @param health   the worse of what the driver reports and what the kernel observed (a throw or a hang makes
 *                 it FAULT, an unregistered service OFFLINE)
 * @param bundle   symbolic name of the bundle that registered it (empty when unknown)
 * @param present  false when the service went away (the entry stays, OFFLINE, until it returns)
 */
public record DeviceInfo(String id, DeviceKind kind, DeviceHealth health, String bundle, boolean present) {
}
