package mechos.runtime.internal.llm;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a provider may send prompts: https anywhere; plain http only to loopback or to hosts an operator listed
 * explicitly (prompts describe the robot's surroundings and may carry a bearer key).
 */
final class EndpointPolicy {
    private EndpointPolicy() {
    }

    /**
     * @return the parsed URL
     * @throws IllegalArgumentException naming the property when the URL is malformed or not allowed
     */
    static URI check(String baseUrl, List<String> allowedHosts, String property) {
        URI url;
        try {
            url = new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(property + " is not an http(s) URL: " + baseUrl, e);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null || url.getQuery() != null
                || url.getFragment() != null || url.getUserInfo() != null) {
            throw new IllegalArgumentException(property + " is not an http(s) URL without user info, query or"
                    + " fragment: " + baseUrl);
        }
        if (scheme.equals("https")) {
            return url;
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String h0 = host;
        if (isLoopback(host) || allowedHosts.stream().anyMatch(h -> h.strip().equalsIgnoreCase(h0))) {
            return url;
        }
        throw new IllegalArgumentException(property + " uses plain http to " + host
                + ", which is neither loopback nor in allowed_hosts; use https or add the host to allowed_hosts");
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        // Only literal addresses are checked: a name must never trigger a DNS lookup here (activation is fast).
        if (host.matches("[0-9.]+") || host.contains(":")) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
