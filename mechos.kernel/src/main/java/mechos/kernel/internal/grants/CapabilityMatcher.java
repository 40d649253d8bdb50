package mechos.kernel.internal.grants;

import java.util.List;
import java.util.regex.Pattern;

import mechos.kernel.api.AgentGrant;

/** An agent's grant with its capability patterns compiled ({@code *} matches any sequence). */
final class CapabilityMatcher {
    private final AgentGrant grant;
    private final List<Pattern> patterns;

    CapabilityMatcher(AgentGrant grant) {
        this.grant = grant;
        this.patterns = grant.capabilities().stream().map(CapabilityMatcher::compile).toList();
    }

    static Pattern compile(String glob) {
        String[] parts = glob.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            if (!parts[i].isEmpty()) {
                re.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(re.toString());
    }

    AgentGrant grant() {
        return grant;
    }

    boolean permits(String capability, long nowMillis) {
        if (nowMillis >= grant.expiresAtMillis()) {
            return false;
        }
        for (Pattern p : patterns) {
            if (p.matcher(capability).matches()) {
                return true;
            }
        }
        return false;
    }
}
