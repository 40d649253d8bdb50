/**
 * The LLM provider SPI: a chat call with a JSON Schema for structured output, token usage, and optional
 * embeddings, all asynchronous.
 *
 * <p>Providers are OSGi services of type {@link mechos.runtime.api.llm.LlmProvider} carrying the service
 * property {@value mechos.runtime.api.llm.LlmProvider#PROVIDER_PROPERTY} (e.g. {@code ollama}, {@code openai});
 * the agent picks one with a configured target filter. A test or another bundle can register its own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package mechos.runtime.api.llm;
