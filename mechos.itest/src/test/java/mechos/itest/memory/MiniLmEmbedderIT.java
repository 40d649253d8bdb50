package mechos.itest.memory;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static mechos.itest.support.MechosTestSupport.awaitService;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import mechos.itest.support.MechosTestSupport;
import mechos.memory.api.Embedder;
import mechos.memory.api.Episode;
import mechos.memory.api.EpisodicMemory;
import mechos.memory.api.NewEpisode;
import mechos.memory.api.RecallQuery;
import mechos.memory.api.RecallResult;

/**
 * The optional MiniLM embedder bundle inside Felix next to the robot's bundles: its ONNX Runtime and tokenizer
 * natives load from the bundle, it registers the Embedder, episodic memory switches to it, and recall finds an
 * episode by meaning where no word is shared.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MiniLmEmbedderIT {
    private static final Duration START = Duration.ofSeconds(60);

    @Configuration
    public Option[] config() {
        Path jar = Path.of(System.getProperty("mechos.minilm.jar", "missing"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("mechos.minilm.jar does not name the built bundle: " + jar);
        }
        return MechosTestSupport.options(bsn -> true, bundle(jar.toUri().toString()).start());
    }

    private static BundleContext bc() {
        return MechosTestSupport.context(MiniLmEmbedderIT.class);
    }

    private static <T> T get(CompletionStage<T> f) throws Exception {
        return f.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    public void theBundleLoadsItsNativesInFelixAndMemoryRecallsByMeaning() throws Exception {
        Embedder e = awaitService(bc(), Embedder.class, "(mechos.embedder.id=minilm:*)", START);
        assertEquals(384, e.embed("the floor near the sink is wet").length);
        EpisodicMemory memory = awaitService(bc(), EpisodicMemory.class, null, START);
        awaitCondition("memory uses MiniLM (" + memory.activeEmbedderId() + ")", START,
                () -> memory.activeEmbedderId().startsWith("minilm:"));
        Episode spill = get(memory.record(NewEpisode.of(Instant.now(), "itest-minilm",
                "A puddle of oil makes the ground slippery in aisle three.", "{}", "APPROVED", "ok")));
        get(memory.record(NewEpisode.of(Instant.now(), "itest-minilm",
                "The battery is at 12 percent and dropping.", "{}", "APPROVED", "ok")));
        get(memory.record(NewEpisode.of(Instant.now(), "itest-minilm",
                "A person is standing next to me and waving.", "{}", "APPROVED", "ok")));
        RecallResult r = get(memory.recall(RecallQuery.text("there is water on the tiles, wheels could skid", 1)
                .fromSource("itest-minilm")));
        assertNotNull(r.hits());
        assertEquals(r.embedderId(), spill.id(), r.hits().get(0).episode().id());
    }
}
