package mechos.kernel.internal.grants;

import java.util.List;
import java.util.regex.Pattern;

import mechos.kernel.api.AgentGrant;

/**
 * An agent's grant with its capability and bundle patterns compiled ({@code *} matches any sequence).
 */
final class CapabilityMatcher {
    private final AgentGrant grant;
    private final List<Pattern> patterns;
    private final List<Pattern> bundles;

    CapabilityMatcher(AgentGrant grant) {
        this.grant = grant;
        this.patterns = grant.capabilities().stream().map(CapabilityMatcher::compile).toList();
        this.bundles = grant.bundles().stream().map(CapabilityMatcher::compile).toList();
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
        return matchesAny(patterns, capability);
    }

    /** @return true when the grant lets the bundle with this symbolic name act as the agent */
    boolean boundTo(String bundleSymbolicName) {
        return bundleSymbolicName != null && matchesAny(bundles, bundleSymbolicName);
    }

    private static boolean matchesAny(List<Pattern> list, String s) {
        for (Pattern p : list) {
            if (p.matcher(s).matches()) {
                return true;
            }
        }
        return false;
    }
}
