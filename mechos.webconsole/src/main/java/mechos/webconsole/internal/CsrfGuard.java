package mechos.webconsole.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * CSRF tokens for the page's state-changing POSTs. The console authenticates with HTTP Basic, which a browser
 * also sends on a forged cross-site POST; the token is what such a POST cannot know. It is an HMAC of the user
 * name under a random key made at activation and handed only to the authenticated page (a cross-site page
 * cannot read it: same-origin policy). Every POST of the MechOS page carries it in the {@value #HEADER} header;
 * {@link ConsoleGuard} also accepts it from non-browser clients (no Origin, no Referer) for any console POST.
 * One instance (a bundle-internal service, immediate so that its key lives as long as the bundle and does not
 * change when the page's servlet is re-registered) is shared by the page and the guard.
 */
@Component(service = CsrfGuard.class, immediate = true)
public final class CsrfGuard {
    /** Request header carrying the token. */
    static final String HEADER = "X-MechOS-CSRF";
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    @Activate
    public CsrfGuard() {
        this(new SecureRandom());
    }

    CsrfGuard(SecureRandom random) {
        key = new byte[32];
        random.nextBytes(key);
    }

    /** @return the token of that user (null is treated as the empty name) */
    String tokenFor(String user) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            byte[] h = mac.doFinal((user == null ? "" : user).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory in every Java SE implementation.
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    /** @return true when {@code presented} is the user's token (constant-time comparison) */
    boolean valid(String user, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(user).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
