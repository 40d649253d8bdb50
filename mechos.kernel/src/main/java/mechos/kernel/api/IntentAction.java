package mechos.kernel.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The closed set of intent actions with their JSON wire names and field names, for schema generation
 * (e.g. a subtype resolver over {@link #type()}) and for prompts.
 */
public enum IntentAction {
    DRIVE(Drive.ACTION, Drive.class, true, List.of("linear", "angular"), Set.of()),
    MOVE_END_EFFECTOR(MoveEndEffector.ACTION, MoveEndEffector.class, true, List.of("device", "x", "y", "z", "frame"),
            Set.of("frame")),
    TRIGGER_RELAY(TriggerRelay.ACTION, TriggerRelay.class, true, List.of("relay", "state"), Set.of()),
    ASK_HUMAN(AskHuman.ACTION, AskHuman.class, false, List.of("question", "contextImageId"),
            Set.of("contextImageId")),
    MESSAGE_PEER(MessagePeer.ACTION, MessagePeer.class, false, List.of("peer", "text"), Set.of()),
    BROADCAST_FLEET(BroadcastFleet.ACTION, BroadcastFleet.class, false, List.of("text"), Set.of()),
    POST_TASK(PostTask.ACTION, PostTask.class, false, List.of("title", "description", "assignee"),
            Set.of("description", "assignee")),
    STOP(Stop.ACTION, Stop.class, true, List.of("reason"), Set.of("reason"));

    private final String wireName;
    private final Class<? extends Intent> type;
    private final boolean actuation;
    private final List<String> fields;
    private final Set<String> optionalFields;

    IntentAction(String wireName, Class<? extends Intent> type, boolean actuation, List<String> fields,
            Set<String> optionalFields) {
        this.wireName = wireName;
        this.type = type;
        this.actuation = actuation;
        this.fields = fields;
        this.optionalFields = optionalFields;
    }

    /** @return the value of the {@value Intent#DISCRIMINATOR} property, e.g. {@code "drive"} */
    public String wireName() {
        return wireName;
    }

    /** @return the record class */
    public Class<? extends Intent> type() {
        return type;
    }

    /** @return true when carrying the intent out moves or switches hardware (subject to the safety rules) */
    public boolean isActuation() {
        return actuation;
    }

    /** @return the JSON property names (= record component names) in declaration order, without the discriminator */
    public List<String> fields() {
        return fields;
    }

    /** @return the fields that may be omitted or null; all others are required */
    public Set<String> optionalFields() {
        return optionalFields;
    }

    /** @return the action of a record class */
    public static IntentAction of(Class<?> type) {
        for (IntentAction a : values()) {
            if (a.type == type) {
                return a;
            }
        }
        throw new IllegalArgumentException("not an intent type: " + type);
    }

    /** @return the action of an intent, never null */
    public static IntentAction of(Intent intent) {
        return of(Objects.requireNonNull(intent, "intent").getClass());
    }

    /** @return the action with this wire name, if any */
    public static Optional<IntentAction> byWireName(String wireName) {
        for (IntentAction a : values()) {
            if (a.wireName.equals(wireName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
