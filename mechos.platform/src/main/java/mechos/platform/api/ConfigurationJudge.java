package mechos.platform.api;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Says whether a component accepted a configuration, so that the platform writes to a {@code conf/} file only what
 * is in force: a value the owner refuses (and sets back) never reaches the file, not even for a moment.
 *
 * <p>Registered as a service by a bundle whose components judge their own configurations (the kernel's safety
 * configurations); the platform's metatype check is one too. The platform asks every judge before it persists a
 * Config Admin change; a judge that does not own the PID answers {@link Verdict#NOT_MINE}. Called on the platform's
 * persistence thread, never on a control thread: it must answer from memory, without blocking.
 */
@ConsumerType
public interface ConfigurationJudge {
    /** What a judge says about one configuration. */
    enum Verdict {
        /** the judge does not own this PID */
        NOT_MINE,
        /** these values were judged and are in force: they may be persisted */
        ACCEPTED,
        /** these values were refused (the judge sets Config Admin back to the values in force): never persist them */
        REFUSED,
        /** the owner has not judged these values yet: ask again later */
        PENDING
    }

    /**
     * @param pid    the configuration's PID ({@code factoryPid~name} for a named factory configuration)
     * @param values the configuration's current properties in Config Admin (typed as stored; framework keys such
     *               as {@code service.pid} may be present and are for the judge to ignore)
     * @return the verdict on exactly these values
     */
    Verdict verdict(String pid, Map<String, Object> values);
}
