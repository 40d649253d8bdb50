package mechos.runtime.internal.llm;

/** Masking of API keys for consoles; keys are never logged at all. */
final class Secrets {
    private Secrets() {
    }

    /** @return an empty string for no key, {@code ****} for short keys, else {@code ****} + the last 4 characters */
    static String mask(String key) {
        if (key == null || key.isBlank()) {
            return "";
        }
        String k = key.strip();
        return k.length() < 16 ? "****" : "****" + k.substring(k.length() - 4);
    }
}
