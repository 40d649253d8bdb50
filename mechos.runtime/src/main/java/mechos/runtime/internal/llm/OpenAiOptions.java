package mechos.runtime.internal.llm;

/**
 * The OpenAI-compatible provider's settings (from {@link OpenAiConfig}).
 *
 * @param http        transport
 * @param apiPath     path prefix of the API, e.g. {@code /v1}
 * @param model       chat model
 * @param embedModel  embedding model, or empty when the server has none
 * @param apiKey      bearer key, or empty for none; never logged
 * @param strict      ask for strict schema adherence
 * @param temperature sampling temperature
 */
record OpenAiOptions(HttpOptions http, String apiPath, String model, String embedModel, String apiKey,
        boolean strict, double temperature) {
    @Override
    public String toString() {
        // Records print every component; the key must never reach a log.
        return "OpenAiOptions[http=" + http + ", apiPath=" + apiPath + ", model=" + model + ", embedModel="
                + embedModel + ", apiKey=" + Secrets.mask(apiKey) + ", strict=" + strict + ", temperature="
                + temperature + "]";
    }
}
