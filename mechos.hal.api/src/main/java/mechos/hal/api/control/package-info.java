/**
 * A small PID controller any driver can use to close a loop (wheel speed, joint position, temperature):
 * anti-windup, derivative on measurement, validated output limits, an optional output rate limit, and gains that
 * can be changed while the loop runs. {@link mechos.hal.api.control.PidController} is deliberately a final class,
 * not an interface: there is one correct implementation and every driver should share it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package mechos.hal.api.control;
