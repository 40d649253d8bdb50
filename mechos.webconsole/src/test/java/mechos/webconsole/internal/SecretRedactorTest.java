package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SecretRedactorTest {
    private static final String KEY = "sk-proj-abcdef0123456789";

    @Test
    void knownSecretValuesDisappearInAnyFormat() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("api_key", KEY);
        props.put(".hidden", "private-value");
        props.put("model", "gpt-4o-mini");
        Set<String> values = new HashSet<>();
        SecretRedactor.collect(props, values);
        String status = "Component Configurations\n  mechos.runtime.llm\n    Properties:\n      apiKey => [" + KEY
                + "]\n      model = gpt-4o-mini\n<td>private-value</td>";
        String out = SecretRedactor.redact(status, values);
        assertFalse(out.contains(KEY), out);
        assertFalse(out.contains("private-value"), out);
        assertTrue(out.contains("gpt-4o-mini"), "other values stay");
    }

    @Test
    void secretLookingKeysAreMaskedEvenWhenNotInConfigAdmin() {
        String out = SecretRedactor.redact("PID = x\n  password = hunter22\n  openai.api_key: abc\n"
                + "  name = robot\n{\"client_secret\" : \"s3cr\\\"et\", \"port\": 8080}", List.of());
        assertFalse(out.contains("hunter22"), out);
        assertFalse(out.contains("abc"), out);
        assertFalse(out.contains("s3cr"), out);
        assertTrue(out.contains("name = robot"));
        assertTrue(out.contains("\"port\": 8080"));
    }

    @Test
    void secretKeys() {
        assertTrue(SecretRedactor.secretKey(".token"));
        assertTrue(SecretRedactor.secretKey("API_KEY"));
        assertTrue(SecretRedactor.secretKey("password"));
        assertFalse(SecretRedactor.secretKey("max_linear"));
    }
}
