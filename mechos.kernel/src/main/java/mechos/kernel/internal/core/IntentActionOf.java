package mechos.kernel.internal.core;

import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentAction;

/** Small helpers over {@link IntentAction}. */
final class IntentActionOf {
    private IntentActionOf() {
    }

    static boolean actuation(Intent intent) {
        return IntentAction.of(intent).isActuation();
    }

    static String wireName(Intent intent) {
        return IntentAction.of(intent).wireName();
    }
}
