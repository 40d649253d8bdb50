package mechos.kernel.internal.grants;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import mechos.kernel.api.AgentGrant;

/**
 * Reading, verifying, writing and signing grant files.
 *
 * <pre>
 * { "version": 1, "issuedAt": "2026-11-23T09:00:00Z", "expiresAt": "2027-11-23T09:00:00Z",
 *   "grants": [ { "agent": "brain", "capabilities": ["drive:*", "relay:lamp"], "maxLinear": 0.3, "maxAngular": 1.0 } ] }
 * </pre>
 *
 * The signature is Ed25519 over the exact bytes of the file, base64, in {@code <file>.sig}.
 */
final class GrantFile {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private GrantFile() {
    }

    /**
     * @return the grants of a file whose signature verifies against {@code trusted} and which has not expired
     * @throws GrantException saying why the file must not be trusted
     */
    static Map<String, AgentGrant> verify(Path file, PublicKey trusted, Instant now) throws GrantException {
        byte[] data;
        byte[] signature;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new GrantException("grant file " + file + " does not exist");
        } catch (IOException e) {
            throw new GrantException("grant file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Path sigFile = Ed25519.signatureFile(file);
        try {
            signature = Base64.getDecoder().decode(Ed25519.read(sigFile));
        } catch (NoSuchFileException e) {
            throw new GrantException("grant file " + file + " is unsigned: " + sigFile + " does not exist");
        } catch (IOException e) {
            throw new GrantException("signature " + sigFile + " cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new GrantException("signature " + sigFile + " is not valid base64");
        }
        try {
            if (!Ed25519.verify(data, signature, trusted)) {
                throw new GrantException("signature of " + file
                        + " does not verify against the trusted public key (file tampered or signed by another key)");
            }
        } catch (GeneralSecurityException e) {
            throw new GrantException("signature of " + file + " cannot be checked: " + e.getMessage(), e);
        }
        return parse(data, file.toString(), now);
    }

    static Map<String, AgentGrant> parse(byte[] data, String name, Instant now) throws GrantException {
        JsonNode root;
        try {
            root = MAPPER.readTree(data);
        } catch (IOException e) {
            throw new GrantException("grant file " + name + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new GrantException("grant file " + name + " must hold a JSON object");
        }
        long expires = instant(root, "expiresAt", name);
        if (expires != Long.MAX_VALUE && now.toEpochMilli() >= expires) {
            throw new GrantException("grant file " + name + " expired at " + Instant.ofEpochMilli(expires));
        }
        JsonNode grants = root.get("grants");
        if (grants == null || !grants.isArray()) {
            throw new GrantException("grant file " + name + " has no 'grants' array");
        }
        Map<String, AgentGrant> result = new LinkedHashMap<>();
        for (JsonNode g : grants) {
            JsonNode agent = g.get("agent");
            if (agent == null || !agent.isTextual() || agent.textValue().isBlank()) {
                throw new GrantException("grant file " + name + ": a grant has no 'agent'");
            }
            List<String> caps = new ArrayList<>();
            JsonNode c = g.get("capabilities");
            if (c != null && c.isArray()) {
                c.forEach(n -> caps.add(n.asText()));
            }
            long grantExpires = Math.min(expires, instant(g, "expiresAt", name));
            if (grantExpires != Long.MAX_VALUE && now.toEpochMilli() >= grantExpires) {
                continue; // this agent's grant expired; it holds nothing
            }
            result.put(agent.textValue(), new AgentGrant(agent.textValue(), caps, limit(g, "maxLinear"),
                    limit(g, "maxAngular"), grantExpires));
        }
        return result;
    }

    private static long instant(JsonNode node, String field, String name) throws GrantException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Long.MAX_VALUE;
        }
        try {
            return Instant.parse(v.asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new GrantException("grant file " + name + ": '" + field + "' is not an ISO-8601 instant: " + v);
        }
    }

    private static double limit(JsonNode g, String field) {
        JsonNode v = g.get(field);
        return v != null && v.isNumber() && v.doubleValue() > 0 ? v.doubleValue() : Double.POSITIVE_INFINITY;
    }

    /** Writes a grant file (not signed). */
    static byte[] render(List<AgentGrant> grants, Instant issuedAt, Instant expiresAt) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", 1);
        root.put("issuedAt", issuedAt.toString());
        if (expiresAt != null) {
            root.put("expiresAt", expiresAt.toString());
        }
        ArrayNode arr = root.putArray("grants");
        for (AgentGrant g : grants) {
            ObjectNode o = arr.addObject();
            o.put("agent", g.agentId());
            ArrayNode caps = o.putArray("capabilities");
            g.capabilities().forEach(caps::add);
            if (Double.isFinite(g.maxLinear())) {
                o.put("maxLinear", g.maxLinear());
            }
            if (Double.isFinite(g.maxAngular())) {
                o.put("maxAngular", g.maxAngular());
            }
        }
        return MAPPER.writeValueAsBytes(root);
    }

    /** Signs {@code file} with {@code key}, writing {@code <file>.sig}. */
    static Path sign(Path file, PrivateKey key) throws IOException, GeneralSecurityException {
        byte[] sig = Ed25519.sign(Files.readAllBytes(file), key);
        Path sigFile = Ed25519.signatureFile(file);
        Files.writeString(sigFile, Base64.getEncoder().encodeToString(sig) + "\n", StandardCharsets.US_ASCII);
        return sigFile;
    }
}
