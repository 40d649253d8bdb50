package mechos.kernel.api;

/**
 * Something an agent (the LLM brain, the operator, a behaviour tree) wants the robot to do. Intents are plain
 * immutable records; nothing happens until {@link Kernel#submit(String, Intent)} approves one.
 *
 * <h2>Wire form</h2>
 * An LLM produces intents as JSON objects with an {@value #DISCRIMINATOR} discriminator naming the action
 * ({@link IntentAction#wireName()}) and one JSON property per record component, named exactly like the
 * component, e.g. {@code {"action":"drive","linear":0.2,"angular":0.0}}. Numbers are JSON numbers (finite);
 * booleans are JSON booleans; text is JSON strings. Components listed in {@link IntentAction#optionalFields()}
 * may be omitted or {@code null}; every other component is required. Unknown properties are rejected.
 * Use the {@link IntentCodec} service to parse and print; the mapping is lossless for finite numbers.
 *
 * <h2>Units and frames</h2>
 * SI units throughout: metres, seconds, radians. Body velocities are in {@code base_link} (+x forward,
 * +z up, angles counter-clockwise). Positions name their frame explicitly.
 *
 * <p>The records deliberately have no methods beyond their components (schema generators see only the
 * data); use {@link IntentAction#of(Intent)} for the action of an instance.
 *
 * <p>Records do not validate their components (a NaN or a null must reach the gate so that it can be
 * rejected with a reason); the kernel's rules do.
 */
public sealed interface Intent permits Drive, MoveEndEffector, TriggerRelay, AskHuman, MessagePeer, BroadcastFleet,
        PostTask, Stop {

    /** The JSON property that carries the action name. */
    String DISCRIMINATOR = "action";
}
