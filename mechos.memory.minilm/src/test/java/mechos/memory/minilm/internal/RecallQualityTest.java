package mechos.memory.minilm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.memory.api.Embedder;
import mechos.memory.internal.embed.LexicalEmbedder;

/**
 * Recall quality on a small labelled set of episode texts written for this test: six situations, five
 * paraphrases each, worded so that the same situation rarely shares words. Every text queries the other 29;
 * precision@3 is the share of its three nearest neighbours (cosine) with the same label. The numbers and the
 * embedding time are logged for the README; the test asserts only that MiniLM recalls by meaning better than
 * the lexical embedder (no timing assertion).
 */
class RecallQualityTest {
    private static final Logger LOG = LoggerFactory.getLogger(RecallQualityTest.class);
    private static MiniLmEmbedder minilm;

    record Episode(String label, String text) {
    }

    static final List<Episode> EPISODES = List.of(
            new Episode("blocked", "A cardboard box sits in the corridor right in front of the robot; the way forward is obstructed."),
            new Episode("blocked", "Something is in my path: the lidar shows an object 0.3 m ahead and the kernel refused to drive on."),
            new Episode("blocked", "The passage is jammed by a chair, so I cannot continue straight."),
            new Episode("blocked", "An obstacle appeared directly ahead; time to collision is under a second."),
            new Episode("blocked", "There is no clear route ahead because a cart was left across the hallway."),
            new Episode("battery", "The battery is at 12 percent and dropping; I should head to the charging dock."),
            new Episode("battery", "Power is running low, the cell voltage sagged below the warning level."),
            new Episode("battery", "Energy reserves are nearly exhausted; recharge soon or the base will shut down."),
            new Episode("battery", "The charger is the priority now: state of charge fell under fifteen per cent."),
            new Episode("battery", "I am almost out of juice and need to plug in."),
            new Episode("person", "A person is standing next to me and waving; I should keep my distance and greet them."),
            new Episode("person", "Someone walked into the room and is approaching the robot."),
            new Episode("person", "A human is close by, within one metre, so motion must be slow and careful."),
            new Episode("person", "There is a visitor beside the workbench who seems to want help."),
            new Episode("person", "A child runs around near the base; people are present in the workspace."),
            new Episode("light", "The room is dark; switching on relay.light would help the camera see."),
            new Episode("light", "It is too dim to recognise anything, turn the lamp on."),
            new Episode("light", "Illumination is poor in the hallway and the images are almost black."),
            new Episode("light", "The ceiling lights are off and visibility is bad."),
            new Episode("light", "Night has fallen; I need brightness before inspecting the shelves."),
            new Episode("door", "Is the loading door open? I cannot tell from here and must ask the operator."),
            new Episode("door", "The entrance to the storage room appears shut; I need someone to unlock it."),
            new Episode("door", "A closed gate blocks access to the warehouse; request that a person opens it."),
            new Episode("door", "I am unsure whether the doorway to the kitchen is passable."),
            new Episode("door", "The exit is locked, so I will wait for a human to let me through."),
            new Episode("spill", "There is water on the floor near the sink; the wheels could slip."),
            new Episode("spill", "A puddle of oil makes the ground slippery in aisle three."),
            new Episode("spill", "Liquid has been spilled across the tiles, traction will be poor."),
            new Episode("spill", "The surface ahead is wet after cleaning; avoid skidding."),
            new Episode("spill", "Someone dropped a drink and the floor is sticky and damp."));

    @BeforeAll
    static void load() {
        minilm = new MiniLmEmbedder();
    }

    static double precisionAt3(Embedder e) throws Exception {
        List<float[]> v = new ArrayList<>();
        for (Episode ep : EPISODES) {
            v.add(normalise(e.embed(ep.text())));
        }
        int hits = 0;
        for (int q = 0; q < EPISODES.size(); q++) {
            int query = q;
            List<Integer> others = new ArrayList<>();
            for (int i = 0; i < EPISODES.size(); i++) {
                if (i != q) {
                    others.add(i);
                }
            }
            others.sort(Comparator.comparingDouble((Integer i) -> -dot(v.get(query), v.get(i))));
            for (int k = 0; k < 3; k++) {
                if (EPISODES.get(others.get(k)).label().equals(EPISODES.get(q).label())) {
                    hits++;
                }
            }
        }
        return hits / (3.0 * EPISODES.size());
    }

    @Test
    void miniLmRecallsByMeaningBetterThanTheLexicalEmbedder() throws Exception {
        double lexical = precisionAt3(new LexicalEmbedder(256));
        double semantic = precisionAt3(minilm);
        LOG.info(String.format(Locale.ROOT, "precision@3 on %d episodes / 6 labels: lexical %.3f, MiniLM %.3f",
                EPISODES.size(), lexical, semantic));
        assertTrue(semantic > lexical, "MiniLM " + semantic + " vs lexical " + lexical);
    }

    @Test
    void vectorsHaveTheDeclaredDimensionAndEmbeddingTimeIsReported() {
        assertEquals(384, minilm.dimension());
        assertEquals(384, minilm.embed("").length, "an empty text still yields a vector");
        for (int i = 0; i < 20; i++) {
            minilm.embed(EPISODES.get(i % EPISODES.size()).text()); // warm-up
        }
        int n = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            minilm.embed(EPISODES.get(i % EPISODES.size()).text());
        }
        double ms = (System.nanoTime() - t0) / 1e6 / n;
        LOG.info(String.format(Locale.ROOT, "MiniLM embedding time: %.2f ms per episode (mean of %d, 1 thread)", ms, n));
    }

    private static float[] normalise(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        double n = Math.sqrt(s);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = n == 0 ? 0 : (float) (v[i] / n);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
