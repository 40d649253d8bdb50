/**
 * The brain's contract: the agent's state and decisions (also published on the event bus), and the operations
 * people use on it (answer an {@code AskHuman}, pause, resume). The LLM provider SPI is in
 * {@link mechos.runtime.api.llm}, the behaviour-tree API in {@link mechos.runtime.api.bt}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package mechos.runtime.api;
