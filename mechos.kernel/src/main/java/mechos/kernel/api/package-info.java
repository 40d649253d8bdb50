/**
 * The safety kernel's contract: intents, capabilities and grants, the {@code Kernel} gate, decisions and
 * verdicts, safety state, the event bus and its topics, watchdog heartbeats, and the safety-rule SPI.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package mechos.kernel.api;
