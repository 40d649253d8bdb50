package mechos.memory.internal.store;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS memory store",
        description = "The SQLite file holding episodic memory, semantic state and the task board.")
public @interface MemoryStoreConfig {
    @AttributeDefinition(name = "Database path",
            description = "Path of the SQLite file; empty for memory.db in the run directory (~/.mechos). "
                    + "Several robots may share one file for a common task board.")
    String path() default "";

    @AttributeDefinition(name = "Synchronous",
            description = "NORMAL survives a crash of the process; FULL also survives power loss (slower writes).")
    Synchronous synchronous() default Synchronous.NORMAL;

    @AttributeDefinition(name = "Queue capacity",
            description = "Maximum pending storage operations; beyond it new requests fail at once instead of "
                    + "waiting.")
    int queueCapacity() default 10_000;

    @AttributeDefinition(name = "Busy timeout (ms)",
            description = "How long a write waits for another process holding the file's write lock.")
    int busyTimeoutMs() default 5_000;

    @AttributeDefinition(name = "Offline embedder dimension",
            description = "Dimension of the built-in lexical (feature-hashing) embedder used when no Embedder "
                    + "service is registered. Changing it re-embeds stored episodes.")
    int lexicalDimension() default 384;
}
