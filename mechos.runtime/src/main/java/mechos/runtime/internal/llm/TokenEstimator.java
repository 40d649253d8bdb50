package mechos.runtime.internal.llm;

import java.util.List;

import mechos.runtime.api.llm.ChatMessage;

/** A rough token count (≈ 4 characters per token) for servers that report no usage. */
final class TokenEstimator {
    private TokenEstimator() {
    }

    static long estimate(String text) {
        return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
    }

    static long estimate(List<ChatMessage> messages) {
        long n = 0;
        for (ChatMessage m : messages) {
            n += estimate(m.content()) + 4;
        }
        return n;
    }
}
