package mechos.kernel.internal.policy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS kernel: safety envelope",
        description = "Hard bounds for every safety parameter. Configuration may tighten freely but loosen only "
                + "within the envelope. Empty file: the documented development envelope. A production robot uses "
                + "an envelope file signed like the grants (same trusted key); a file that cannot be trusted "
                + "refuses every actuation until it is fixed. Changing this restarts the kernel: the robot stops "
                + "and autonomy must be resumed.")
public @interface EnvelopeConfig {
    @AttributeDefinition(name = "Envelope file",
            description = "Signed safety envelope (JSON, signature in <file>.sig, verified against the grants' "
                    + "trusted key). Relative paths are resolved against the run directory. Empty: the built-in "
                    + "development envelope (logged at WARN). Template: mechos:envelope export <file>.")
    String envelope__file() default "";
}
