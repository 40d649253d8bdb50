package mechos.platform.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks what a configuration's metatype cannot express: rules that span several keys ({@code rangeMin < rangeMax}),
 * the structure of a string value (a list of {@code x,y} points, a shape), anything a component's activation would
 * otherwise refuse by throwing. Registered as a service by the bundle that owns the configurations, with the service
 * property {@value #PIDS} naming the PIDs and factory PIDs it checks.
 *
 * <p>The platform's configuration check asks every validator owning a PID after the per-key metatype bounds, before
 * Declarative Services hands the values to the component. A key named by a problem is treated like a value out of
 * its bounds: it is replaced by the last value the component accepted (else its default), one WARN names PID,
 * key(s), value(s) and reason, the refusal is listed ({@link ConfigurationRefusals}) and Config Admin is set back to
 * the values in force. So the component's own checks stay as a last line of defence but are not reached by a bad
 * value.
 *
 * <p>Called on Config Admin's, SCR's and the platform's persistence threads, never on a control thread, possibly
 * concurrently: it must be pure, answer from memory, never block. It should not throw; if it does, the platform logs
 * it and delivers the configuration unchecked by this validator.
 */
@ConsumerType
public interface ConfigurationValidator {
    /** Service property (String or String[]): the PIDs and factory PIDs whose configurations this validator checks. */
    String PIDS = "mechos.config.pid";

    /**
     * Manifest header naming the bundle's validator class (public, with a public no-argument constructor, stateless).
     * Declarative Services hands a bundle's configurations to its components before any of that bundle's services
     * exist, so a validator registered as a service is too late for the configurations present at start-up (a bad
     * {@code conf/} file). The platform therefore makes the named validator from the bundle's class space and asks
     * it about every configuration delivered to that bundle, from the first delivery on; it must answer an empty
     * list for PIDs it does not own. Registering the same class as a service as well is allowed (it is asked once).
     */
    String HEADER = "MechOS-Configuration-Validator";

    /**
     * @param pid        the configuration's PID ({@code factoryPid~name} for a named factory configuration), not null
     * @param factoryPid the factory PID of a factory configuration, else null
     * @param values     the proposed properties, already within their metatype bounds (typed as stored, or as strings
     *                   from a {@code .cfg} file; a missing key means the component's default applies); framework keys
     *                   such as {@code service.pid} may be present. Not modifiable.
     * @return the problems found, each naming the key(s) it concerns; empty if the values are acceptable. Never null.
     */
    List<ConfigurationProblem> problems(String pid, String factoryPid, Map<String, Object> values);
}
