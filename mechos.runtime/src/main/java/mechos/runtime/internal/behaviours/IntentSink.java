package mechos.runtime.internal.behaviours;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Intent;

/** Where fallback behaviours send intents: the kernel gate, under the brain's agent id. */
@FunctionalInterface
public interface IntentSink {
    /**
     * @param rationale which behaviour produced it (shown in decisions)
     * @return the kernel's decision, never null
     */
    Decision submit(Intent intent, String rationale);
}
