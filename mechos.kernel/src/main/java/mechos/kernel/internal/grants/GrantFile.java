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
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
 *   "grants": [ { "agent": "brain", "capabilities": ["drive:*", "relay:lamp"], "maxLinear": 0.3, "maxAngular": 1.0,
 *                 "bundles": ["mechos.runtime"] } ] }
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
        return parse(readVerified(file, trusted, "grant file"), file.toString(), now);
    }

    /**
     * @param what what the file is, for messages ("grant file", "safety envelope")
     * @return the exact bytes of {@code file}, whose Ed25519 signature in {@code <file>.sig} verifies against
     *         {@code trusted}
     * @throws GrantException saying why the file must not be trusted
     */
    static byte[] readVerified(Path file, PublicKey trusted, String what) throws GrantException {
        byte[] data;
        byte[] signature;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new GrantException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new GrantException(what + " " + file + " cannot be read: " + e.getMessage(), e);
        }
        Path sigFile = Ed25519.signatureFile(file);
        try {
            signature = Base64.getDecoder().decode(Ed25519.read(sigFile));
        } catch (NoSuchFileException e) {
            throw new GrantException(what + " " + file + " is unsigned: " + sigFile + " does not exist");
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
        return data;
    }

    private static final Set<String> ROOT_FIELDS = Set.of("version", "issuedAt", "expiresAt", "grants");
    private static final Set<String> GRANT_FIELDS = Set.of("agent", "capabilities", "bundles", "maxLinear",
            "maxAngular", "expiresAt");

    /**
     * Parses a grant file strictly: one bad entry rejects the whole file, because a typo must never widen what an
     * agent may do (an unknown key such as {@code "maxLinar"} would otherwise silently mean "no limit").
     */
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
        unknownFields(root, ROOT_FIELDS, "grant file " + name);
        JsonNode version = root.get("version");
        if (version != null && !(version.isIntegralNumber() && version.intValue() == 1)) {
            throw new GrantException("grant file " + name + ": 'version' must be 1, got " + version);
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
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (JsonNode g : grants) {
            String where = "grant file " + name + ", grants[" + index++ + "]";
            if (!g.isObject()) {
                throw new GrantException(where + " must be a JSON object, got " + g);
            }
            JsonNode agent = g.get("agent");
            if (agent == null || !agent.isTextual() || agent.textValue().isBlank()) {
                throw new GrantException(where + " has no 'agent'");
            }
            String agentId = agent.textValue();
            where = where + " (agent '" + agentId + "')";
            if (agentId.contains(mechos.kernel.api.Kernel.PRINCIPAL_SEPARATOR) || !agentId.equals(agentId.strip())) {
                throw new GrantException(where + ": an agent id must not contain '"
                        + mechos.kernel.api.Kernel.PRINCIPAL_SEPARATOR + "' or surrounding blanks");
            }
            if (!seen.add(agentId)) {
                throw new GrantException(where + ": the agent is granted twice");
            }
            unknownFields(g, GRANT_FIELDS, where);
            List<String> caps = strings(g, "capabilities", where, true);
            List<String> bundles = g.has("bundles") ? strings(g, "bundles", where, false) : AgentGrant.ANY_BUNDLE;
            double maxLinear = limit(g, "maxLinear", where);
            double maxAngular = limit(g, "maxAngular", where);
            long grantExpires = Math.min(expires, instant(g, "expiresAt", name));
            if (grantExpires != Long.MAX_VALUE && now.toEpochMilli() >= grantExpires) {
                continue; // this agent's grant expired; it holds nothing
            }
            result.put(agentId, new AgentGrant(agentId, caps, maxLinear, maxAngular, grantExpires, bundles));
        }
        return result;
    }

    /** @return the agents whose grant names no {@code bundles} list (any bundle may act as them) */
    static List<String> unbound(Map<String, AgentGrant> grants) {
        return grants.values().stream().filter(g -> g.bundles().equals(AgentGrant.ANY_BUNDLE))
                .map(AgentGrant::agentId).toList();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String where) throws GrantException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new GrantException(where + ": unknown key '" + f + "' (known: " + new TreeSet<>(known) + ")");
            }
        }
    }

    private static List<String> strings(JsonNode g, String field, String where, boolean required)
            throws GrantException {
        JsonNode v = g.get(field);
        if (v == null && required) {
            throw new GrantException(where + ": '" + field + "' is missing (a list of strings)");
        }
        if (v == null || !v.isArray()) {
            throw new GrantException(where + ": '" + field + "' must be a list of strings, got " + v);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : v) {
            if (!n.isTextual() || n.textValue().isBlank()) {
                throw new GrantException(where + ": '" + field + "' must hold non-empty strings, got " + n);
            }
            out.add(n.textValue().strip());
        }
        return out;
    }

    private static long instant(JsonNode node, String field, String name) throws GrantException {
        JsonNode v = node.get(field);
        if (v == null) {
            return Long.MAX_VALUE;
        }
        try {
            if (!v.isTextual()) {
                throw new DateTimeParseException("not a string", v.toString(), 0);
            }
            return Instant.parse(v.textValue()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new GrantException("grant file " + name + ": '" + field + "' is not an ISO-8601 instant: " + v);
        }
    }

    /**
     * An agent's speed limit: absent means no agent-specific limit (the global speed rule still applies); present,
     * it must be a finite number above zero. Zero, a negative number, a string, null or anything else is an error
     * that rejects the whole grant set, never "no limit".
     */
    private static double limit(JsonNode g, String field, String where) throws GrantException {
        JsonNode v = g.get(field);
        if (v == null) {
            return Double.POSITIVE_INFINITY;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || !(v.doubleValue() > 0)) {
            throw new GrantException(where + ": '" + field + "' must be a finite number above zero, got " + v
                    + " (leave it out for no agent-specific limit)");
        }
        return v.doubleValue();
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
            ArrayNode bundles = o.putArray("bundles");
            g.bundles().forEach(bundles::add);
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
