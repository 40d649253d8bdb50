/**
 * The driver support layer: what every MechOS driver needs besides its protocol, in the spirit of openHAB's
 * {@code BaseThingHandler} and Kura's {@code AbstractBlockDriver}. {@link mechos.hal.support.HealthTracker} (health
 * with reasons, from the last successful exchange), {@link mechos.hal.support.SensorFanout} (latest sample and
 * listener fan-out), {@link mechos.hal.support.DeviceWorker} (the I/O thread: connect, run the protocol, reconnect
 * with {@link mechos.hal.support.Backoff}, watched by an {@link mechos.hal.support.IoWatchdog}),
 * {@link mechos.hal.support.ConfigCheck} (configuration validation with one WARN), the contact and relay helpers
 * ({@link mechos.hal.support.DebouncedContact}, {@link mechos.hal.support.RelayState}) and the
 * {@link mechos.hal.support.HardwareProfile} that decides which drivers run. Time-dependent classes take a clock.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package mechos.hal.support;
