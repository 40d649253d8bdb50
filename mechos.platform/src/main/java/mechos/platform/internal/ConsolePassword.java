package mechos.platform.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Password hashes in the format the Felix Web Console 5 verifies:
 * {@code {sha-256}<hex salt>-<iterations>-<base64(SHA-256^iterations(salt + password))>}.
 */
final class ConsolePassword {
    static final int ITERATIONS = 1000;
    private static final String PREFIX = "{sha-256}";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private ConsolePassword() {
    }

    static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        return hash(password, HexFormat.of().formatHex(salt), ITERATIONS);
    }

    static String hash(String password, String salt, int iterations) {
        return PREFIX + salt + "-" + iterations + "-" + Base64.getEncoder().encodeToString(digest(salt + password,
                iterations));
    }

    /** @return true if {@code hashed} (in the salted format above) is a hash of {@code password} */
    static boolean matches(String password, String hashed) {
        if (hashed == null || !hashed.startsWith(PREFIX)) {
            return false;
        }
        String[] parts = hashed.substring(PREFIX.length()).split("-", 3);
        if (parts.length != 3) {
            return false;
        }
        try {
            String expected = hash(password, parts[0], Integer.parseInt(parts[1]));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    hashed.getBytes(StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** @return a random password of {@code length} unambiguous characters */
    static String generate(SecureRandom random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static byte[] digest(String input, int iterations) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                md.reset();
                bytes = md.digest(bytes);
            }
            return bytes;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
