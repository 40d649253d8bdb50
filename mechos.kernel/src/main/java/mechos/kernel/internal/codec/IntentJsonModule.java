package mechos.kernel.internal.codec;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentAction;

/**
 * Jackson mapping of the sealed {@link Intent} family to its wire form. Written by hand rather than with
 * annotations so the API records stay free of Jackson, and so that every error names the field at fault.
 */
final class IntentJsonModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    IntentJsonModule() {
        super("mechos-intents");
        addDeserializer(Intent.class, new IntentDeserializer());
        addSerializer(Intent.class, new IntentSerializer());
    }

    /** A mapping failure that knows which JSON property caused it. */
    static final class FieldException extends JsonMappingException {
        private static final long serialVersionUID = 1L;
        private final String field;

        FieldException(JsonParser p, String message, String field) {
            super(p, message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    static final class IntentDeserializer extends StdDeserializer<Intent> {
        private static final long serialVersionUID = 1L;

        IntentDeserializer() {
            super(Intent.class);
        }

        @Override
        public Intent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode root = p.readValueAsTree();
            if (root == null || !root.isObject()) {
                throw new FieldException(p, "an intent must be a JSON object", null);
            }
            JsonNode actionNode = root.get(Intent.DISCRIMINATOR);
            if (actionNode == null || !actionNode.isTextual()) {
                throw new FieldException(p, "missing string field '" + Intent.DISCRIMINATOR + "' (one of "
                        + wireNames() + ")", Intent.DISCRIMINATOR);
            }
            IntentAction action = IntentAction.byWireName(actionNode.textValue())
                    .orElseThrow(() -> new FieldException(p, "unknown action '" + actionNode.textValue()
                            + "' (expected one of " + wireNames() + ")", Intent.DISCRIMINATOR));
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
                String name = it.next().getKey();
                if (!name.equals(Intent.DISCRIMINATOR) && !action.fields().contains(name)) {
                    throw new FieldException(p, "unknown field '" + name + "' for action '" + action.wireName()
                            + "' (expected " + action.fields() + ")", name);
                }
            }
            RecordComponent[] components = action.type().getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                args[i] = value(p, action, c, root.get(c.getName()));
            }
            try {
                Constructor<? extends Intent> ctor = action.type().getDeclaredConstructor(types);
                return ctor.newInstance(args);
            } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
                    | InvocationTargetException e) {
                throw new FieldException(p, "cannot construct " + action.wireName() + ": " + e, null);
            }
        }

        private static Object value(JsonParser p, IntentAction action, RecordComponent c, JsonNode node)
                throws FieldException {
            String name = c.getName();
            boolean absent = node == null || node.getNodeType() == JsonNodeType.NULL;
            if (absent) {
                if (action.optionalFields().contains(name)) {
                    return null;
                }
                throw new FieldException(p, "missing required field '" + name + "' for action '"
                        + action.wireName() + "'", name);
            }
            Class<?> type = c.getType();
            if (type == double.class) {
                if (!node.isNumber()) {
                    throw new FieldException(p, "field '" + name + "' of action '" + action.wireName()
                            + "' must be a number, got " + node.getNodeType().name().toLowerCase(), name);
                }
                double v = node.doubleValue();
                if (!Double.isFinite(v)) {
                    throw new FieldException(p, "field '" + name + "' of action '" + action.wireName()
                            + "' must be a finite number", name);
                }
                return v;
            }
            if (type == boolean.class) {
                if (!node.isBoolean()) {
                    throw new FieldException(p, "field '" + name + "' of action '" + action.wireName()
                            + "' must be true or false, got " + node.getNodeType().name().toLowerCase(), name);
                }
                return node.booleanValue();
            }
            if (type == String.class) {
                if (!node.isTextual()) {
                    throw new FieldException(p, "field '" + name + "' of action '" + action.wireName()
                            + "' must be a string, got " + node.getNodeType().name().toLowerCase(), name);
                }
                return node.textValue();
            }
            throw new FieldException(p, "unsupported field type " + type + " of '" + name + "'", name);
        }

        private static String wireNames() {
            StringBuilder b = new StringBuilder();
            for (IntentAction a : IntentAction.values()) {
                b.append(b.length() == 0 ? "" : ", ").append(a.wireName());
            }
            return b.toString();
        }
    }

    static final class IntentSerializer extends StdSerializer<Intent> {
        private static final long serialVersionUID = 1L;

        IntentSerializer() {
            super(Intent.class);
        }

        @Override
        public void serialize(Intent intent, JsonGenerator g, SerializerProvider provider) throws IOException {
            IntentAction action = IntentAction.of(intent);
            g.writeStartObject();
            g.writeStringField(Intent.DISCRIMINATOR, action.wireName());
            for (RecordComponent c : intent.getClass().getRecordComponents()) {
                Object v;
                try {
                    v = c.getAccessor().invoke(intent);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of " + action.wireName(), e);
                }
                if (v == null) {
                    continue;
                }
                if (v instanceof Double d) {
                    if (!Double.isFinite(d)) {
                        throw new IllegalArgumentException("field '" + c.getName() + "' of action '"
                                + action.wireName() + "' is not finite (" + d + "); JSON cannot carry it");
                    }
                    g.writeNumberField(c.getName(), d);
                } else if (v instanceof Boolean b) {
                    g.writeBooleanField(c.getName(), b);
                } else {
                    g.writeStringField(c.getName(), v.toString());
                }
            }
            g.writeEndObject();
        }
    }
}
