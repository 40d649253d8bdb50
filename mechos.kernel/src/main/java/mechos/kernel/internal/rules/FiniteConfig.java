package mechos.kernel.internal.rules;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS rule: well-formed intents",
        description = "Every number finite (NaN or ±∞ anywhere rejects), required text present, text bounded.")
public @interface FiniteConfig {
    @AttributeDefinition(name = "Maximum text length",
            description = "Longest question / message / task text accepted, in characters.")
    int max__text__length() default 4000;
}
