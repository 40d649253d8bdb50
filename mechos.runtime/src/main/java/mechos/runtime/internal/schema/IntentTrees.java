package mechos.runtime.internal.schema;

import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;

import mechos.kernel.api.AskHuman;
import mechos.kernel.api.BroadcastFleet;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Intent;
import mechos.kernel.api.IntentAction;
import mechos.kernel.api.MessagePeer;
import mechos.kernel.api.MoveEndEffector;
import mechos.kernel.api.PostTask;
import mechos.kernel.api.Stop;
import mechos.kernel.api.TriggerRelay;

/**
 * Builds the typed intent from a JSON tree that the intent schema has already accepted, so a model's reply is
 * parsed once (by {@link ReplyValidator}) and the kernel receives the record, not text it would parse again.
 *
 * <p>The schema guarantees what this class relies on: a known {@value Intent#DISCRIMINATOR}, every required field
 * present with its JSON type, optional fields absent or null, no other fields, and (checked by the validator)
 * finite numbers. The switch is exhaustive over {@link IntentAction}: a new action does not compile until it is
 * mapped here. Equivalence with the kernel's codec is a property test ({@code IntentSchemaProperties}).
 */
final class IntentTrees {
    private IntentTrees() {
    }

    /**
     * @param node a schema-valid intent object
     * @throws IllegalArgumentException if the node names no known action (cannot happen for a schema-valid node)
     */
    static Intent toIntent(JsonNode node) {
        String wire = node.path(Intent.DISCRIMINATOR).asText();
        IntentAction action = IntentAction.byWireName(wire)
                .orElseThrow(() -> new IllegalArgumentException("unknown action '" + wire + "'"));
        // The schema refuses other fields; checked again here because the gate must see exactly what the kernel's
        // codec would build from the same text, whatever a validator library lets through.
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals(Intent.DISCRIMINATOR) && !action.fields().contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "' for action '" + wire
                        + "' (expected " + action.fields() + ")");
            }
        }
        return switch (action) {
            case DRIVE -> new Drive(num(node, "linear"), num(node, "angular"));
            case MOVE_END_EFFECTOR -> new MoveEndEffector(text(node, "device"), num(node, "x"), num(node, "y"),
                    num(node, "z"), text(node, "frame"));
            case TRIGGER_RELAY -> new TriggerRelay(text(node, "relay"), node.path("state").asBoolean());
            case ASK_HUMAN -> new AskHuman(text(node, "question"), text(node, "contextImageId"));
            case MESSAGE_PEER -> new MessagePeer(text(node, "peer"), text(node, "text"));
            case BROADCAST_FLEET -> new BroadcastFleet(text(node, "text"));
            case POST_TASK -> new PostTask(text(node, "title"), text(node, "description"), text(node, "assignee"));
            case STOP -> new Stop(text(node, "reason"));
        };
    }

    private static double num(JsonNode node, String field) {
        return node.path(field).doubleValue();
    }

    /** @return the string, or null when the (optional) field is absent or null */
    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.textValue();
    }
}
