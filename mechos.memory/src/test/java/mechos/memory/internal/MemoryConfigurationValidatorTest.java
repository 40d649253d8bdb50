package mechos.memory.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import mechos.memory.internal.episodic.EpisodicMemoryComponent;
import mechos.memory.internal.recorder.BusRecorder;
import mechos.memory.internal.semantic.SemanticStateComponent;
import mechos.memory.internal.semantic.SqliteSemanticState;
import mechos.memory.internal.store.MemoryStoreComponent;
import mechos.platform.api.ConfigurationProblem;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/** Issue 15: the bundle's validator refuses, naming the keys, what would make a memory component's activation throw. */
class MemoryConfigurationValidatorTest {
    private final MemoryConfigurationValidator validator = new MemoryConfigurationValidator();

    @Test
    void theDefaultsPassAndForeignPidsAreNotChecked() {
        for (String pid : List.of(EpisodicMemoryComponent.PID, SemanticStateComponent.PID, BusRecorder.PID,
                MemoryStoreComponent.PID)) {
            assertEquals(List.of(), validator.problems(pid, null, Map.of()), pid);
        }
        assertEquals(List.of(), validator.problems("mechos.memory.other", null, Map.of("gain", "-1")));
    }

    @Test
    void refusedValuesNameTheirKeys() {
        List<ConfigurationProblem> episodic = validator.problems(EpisodicMemoryComponent.PID, null,
                Map.of("maxCount", "-1"));
        assertEquals(List.of("maxCount", "maxAgeSeconds"), episodic.get(0).keys());
        assertTrue(episodic.get(0).reason().contains("maxCount must be >= 0"), episodic.toString());
        assertEquals(List.of("compression"),
                validator.problems(BusRecorder.PID, null, Map.of("compression", "GZIP")).get(0).keys());
        assertEquals(List.of("lexicalDimension"),
                validator.problems(MemoryStoreComponent.PID, null, Map.of("lexicalDimension", 4)).get(0).keys());
    }

    /** Any semantic decay triple is refused by the validator or accepted by the state's own options. */
    @Property(tries = 300)
    void semanticOptionsAreRefusedExactlyWhenTheStateWouldRefuseThem(
            @ForAll @LongRange(min = -10, max = 10) long halfLife, @ForAll @DoubleRange(min = -1, max = 2) double gain,
            @ForAll @DoubleRange(min = -1, max = 2) double pruneBelow) {
        List<ConfigurationProblem> found = validator.problems(SemanticStateComponent.PID, null,
                Map.of("halfLifeSeconds", String.valueOf(halfLife), "gain", gain, "pruneBelow", pruneBelow));
        boolean valid = halfLife > 0 && gain > 0 && gain <= 1 && pruneBelow >= 0 && pruneBelow < 1;
        assertEquals(valid, found.isEmpty(), found.toString());
        if (valid) {
            assertDoesNotThrow(() -> new SqliteSemanticState.Options(Duration.ofSeconds(halfLife), gain, pruneBelow));
        } else {
            assertEquals(List.of("halfLifeSeconds", "gain", "pruneBelow"), found.get(0).keys());
        }
    }
}
