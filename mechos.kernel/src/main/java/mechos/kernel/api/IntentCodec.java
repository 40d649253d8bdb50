package mechos.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Converts intents to and from their JSON wire form (see {@link Intent}). Registered as a service by the kernel.
 *
 * <p><b>Threading.</b> Thread-safe and stateless; may be called from any thread.
 */
@ProviderType
public interface IntentCodec {
    /**
     * Parses one intent. Strict: the {@value Intent#DISCRIMINATOR} must name a known action, required fields must
     * be present and of the right JSON type, numbers must be finite, unknown fields are rejected.
     *
     * @param json a JSON object, never null
     * @return the intent, never null
     * @throws IntentFormatException naming the offending field when the text is not a valid intent
     */
    Intent parse(String json) throws IntentFormatException;

    /**
     * Prints an intent as a compact JSON object with the discriminator first and null optional fields omitted.
     *
     * @throws IllegalArgumentException if a number is not finite (JSON cannot carry it)
     */
    String toJson(Intent intent);
}
