package mechos.kernel.internal.grants;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Ed25519 with the JDK's built-in provider. Keys travel as base64 of their standard encodings (X.509
 * SubjectPublicKeyInfo for public keys, PKCS#8 for private keys); signatures as base64.
 */
final class Ed25519 {
    static final String ALGORITHM = "Ed25519";
    static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

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

    /** @return {@code SHA-256:<hex>} of the key's X.509 encoding: what is pinned and shown to operators */
    static String fingerprint(PublicKey key) {
        try {
            return "SHA-256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Writes a private key readable and writable by the owner only (0600 on POSIX file systems). The file is
     * created with those permissions, so the key is never readable by others, not even for a moment.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists: keys are never overwritten
     */
    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        byte[] data = (encode(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
        Files.write(file, data, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Tightens a private key file to owner-only access if others may read or write it.
     *
     * @return the permissions it had, when they were changed; null when nothing changed or the file system has no
     *         POSIX permissions
     */
    static String tightenPrivateKey(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return null;
        }
        Set<PosixFilePermission> now = view.readAttributes().permissions();
        if (OWNER_ONLY.containsAll(now)) {
            return null;
        }
        view.setPermissions(OWNER_ONLY);
        return PosixFilePermissions.toString(now);
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    /** Signature file that belongs to a grant file: {@code grants.json} → {@code grants.json.sig}. */
    static Path signatureFile(Path grantFile) {
        return grantFile.resolveSibling(grantFile.getFileName() + ".sig");
    }
}
