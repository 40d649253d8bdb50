package mechos.memory.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Validates messages against Foxglove's published JSON Schemas as shipped in {@code foxglove/jsonschema/}. */
public final class FoxgloveSchemas {
    private FoxgloveSchemas() {
    }

    /** @return the validation messages (empty when valid) of a message against a Foxglove schema */
    public static Set<ValidationMessage> validate(String schemaName, JsonNode message) throws IOException {
        String resource = "/foxglove/jsonschema/" + schemaName + ".json";
        try (InputStream in = FoxgloveSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing " + resource);
            }
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
            return schema.validate(message);
        }
    }
}
