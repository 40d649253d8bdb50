package mechos.webconsole.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules {@link ConsoleGuard} applies to every request of the console's HTTP server, without the servlet API so
 * that they can be tested directly.
 *
 * <ul>
 * <li><b>CSRF</b>: the console authenticates with HTTP Basic, which a browser also sends on a forged cross-site
 * request. A state-changing request (any method but GET, HEAD, OPTIONS, TRACE) is let through only when its
 * {@code Origin} (or, without one, its {@code Referer}) is the console's own origin or a trusted one. A request
 * with neither header does not come from a browser page; it must carry the user's token in the
 * {@value CsrfGuard#HEADER} header ({@code GET /system/console/mechos/token.txt} returns it).</li>
 * <li><b>Login backoff</b>: see {@link LoginThrottle}; a locked client gets 429 with {@code Retry-After}, and every
 * failed login is logged at WARN with user name and client (never the password).</li>
 * <li><b>Size</b>: a form body above {@code max_form_bytes}, any other body above {@code max_upload_bytes}, and a
 * state-changing request whose length is not declared, are refused (413 / 411) before anything parses them.</li>
 * </ul>
 */
final class ConsoleSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurity.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final int MAX_LOGGED_NAME = 64;

    /** What the rules need to know of a request. */
    record Request(String method, String scheme, String host, String origin, String referer, String token,
            String authorization, long contentLength, String contentType, boolean chunked, String client) {

        boolean stateChanging() {
            return !SAFE_METHODS.contains(method == null ? "" : method.toUpperCase(Locale.ROOT));
        }

        /** @return the user name of a Basic Authorization header (not yet verified), null without one */
        String basicUser() {
            if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** A refused request: the status and a short message for the client (no internals). */
    record Refusal(int status, String message, long retryAfterSeconds) {
    }

    private final CsrfGuard csrf;
    private final LoginThrottle throttle;
    private final GuardConfig config;
    private final Set<String> trusted;

    ConsoleSecurity(CsrfGuard csrf, LoginThrottle throttle, GuardConfig config) {
        this.csrf = csrf;
        this.throttle = throttle;
        this.config = config;
        this.trusted = Set.copyOf(java.util.Arrays.stream(config.trusted__origins()).map(ConsoleSecurity::origin)
                .filter(o -> o != null).toList());
    }

    /** @return null when the request may proceed, else why it is refused */
    Refusal check(Request r) {
        long locked = throttle.lockedSeconds(r.client());
        if (locked > 0 && r.authorization() != null) {
            return new Refusal(429, "too many failed logins; try again in " + locked + " s", locked);
        }
        if (r.contentLength() > (isForm(r) ? config.max__form__bytes() : config.max__upload__bytes())) {
            return new Refusal(413, "request body too large", 0);
        }
        if (!r.stateChanging()) {
            return null;
        }
        if (r.chunked() && r.contentLength() < 0) {
            return new Refusal(411, "a request body needs a Content-Length", 0);
        }
        String self = origin(r.scheme() + "://" + r.host());
        if (r.origin() != null) {
            if (sameOrigin(origin(r.origin()), self)) {
                return null;
            }
            LOG.warn("console {} refused: cross-site request from origin {} (client {})", r.method(),
                    printable(r.origin()), r.client());
            return new Refusal(403, "cross-site request refused", 0);
        }
        if (r.referer() != null) {
            if (sameOrigin(origin(r.referer()), self)) {
                return null;
            }
            LOG.warn("console {} refused: cross-site request from referer origin {} (client {})", r.method(),
                    printable(String.valueOf(origin(r.referer()))), r.client());
            return new Refusal(403, "cross-site request refused", 0);
        }
        if (r.authorization() == null) {
            return null; // nothing can change without a login; the console answers 401
        }
        if (csrf.valid(r.basicUser(), r.token())) {
            return null;
        }
        LOG.warn("console {} refused: no Origin/Referer and no valid {} token (client {})", r.method(),
                CsrfGuard.HEADER, r.client());
        return new Refusal(403, "missing or invalid " + CsrfGuard.HEADER
                + " token (GET /system/console/mechos/token.txt returns it)", 0);
    }

    /** Records the outcome of a request that was let through: a 401 to supplied credentials is a failed login. */
    void completed(Request r, int status) {
        if (r.authorization() == null) {
            return;
        }
        if (status == 401) {
            LoginThrottle.Failure f = throttle.failed(r.client());
            LOG.warn("console login failed for user '{}' from {} ({} in a row{})", printable(r.basicUser()),
                    r.client(), f.failures(),
                    f.lockedSeconds() > 0 ? "; locked out for " + f.lockedSeconds() + " s" : "");
        } else {
            throttle.succeeded(r.client()); // any other answer means the credentials were accepted
        }
    }

    private boolean sameOrigin(String origin, String self) {
        return origin != null && (origin.equals(self) || trusted.contains(origin));
    }

    private static boolean isForm(Request r) {
        return r.contentType() != null
                && r.contentType().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** @return {@code scheme://host:port} in lower case with the default port made explicit, null if unparsable */
    static String origin(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = new URI(url.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort() >= 0 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** @return the text cut to a short length with control characters replaced (no log injection) */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() > MAX_LOGGED_NAME ? s.substring(0, MAX_LOGGED_NAME) + "…" : s;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
