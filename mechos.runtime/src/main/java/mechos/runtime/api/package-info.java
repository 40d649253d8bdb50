/**
 * The brain's contract: the LLM provider SPI, the behaviour-tree API and the agent status.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package mechos.runtime.api;
