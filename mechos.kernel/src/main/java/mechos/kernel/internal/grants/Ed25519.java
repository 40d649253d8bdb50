package mechos.kernel.internal.grants;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 with the JDK's built-in provider. Keys travel as base64 of their standard encodings (X.509
 * SubjectPublicKeyInfo for public keys, PKCS#8 for private keys); signatures as base64.
 */
final class Ed25519 {
    static final String ALGORITHM = "Ed25519";

    private Ed25519() {
    }

    static KeyPair generate() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    }

    static byte[] sign(byte[] data, PrivateKey key) throws GeneralSecurityException {
        Signature s = Signature.getInstance(ALGORITHM);
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    static boolean verify(byte[] data, byte[] signature, PublicKey key) throws GeneralSecurityException {
        Signature s = Signature.getInstance(ALGORITHM);
        s.initVerify(key);
        s.update(data);
        return s.verify(signature);
    }

    static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    static String encode(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    static PublicKey publicKey(String base64) throws GeneralSecurityException {
        try {
            byte[] der = Base64.getDecoder().decode(base64.trim());
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("public key is not valid base64: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(String base64) throws GeneralSecurityException {
        try {
            byte[] der = Base64.getDecoder().decode(base64.trim());
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("private key is not valid base64: " + e.getMessage(), e);
        }
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    /** Signature file that belongs to a grant file: {@code grants.json} → {@code grants.json.sig}. */
    static Path signatureFile(Path grantFile) {
        return grantFile.resolveSibling(grantFile.getFileName() + ".sig");
    }
}
