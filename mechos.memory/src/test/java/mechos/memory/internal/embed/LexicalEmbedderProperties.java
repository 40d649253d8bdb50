package mechos.memory.internal.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class LexicalEmbedderProperties {
    private final LexicalEmbedder embedder = new LexicalEmbedder(384);

    @Property(tries = 300)
    void fixedDimensionDeterministicAndUnitOrZero(@ForAll String text) {
        float[] v = embedder.embed(text);
        assertEquals(384, v.length);
        assertArrayEquals(v, new LexicalEmbedder(384).embed(text));
        double norm = 0;
        for (float x : v) {
            assertTrue(Float.isFinite(x));
            norm += x * x;
        }
        assertTrue(Math.abs(norm - 1) < 1e-4 || norm == 0, "norm " + norm);
    }

    @Example
    void sharedWordsAreMoreSimilarThanUnrelatedText() {
        float[] a = embedder.embed("the red ball is under the kitchen table");
        float[] b = embedder.embed("Kitchen table: red ball underneath");
        float[] c = embedder.embed("battery voltage dropped below threshold");
        assertTrue(Vectors.cosine(a, b) > Vectors.cosine(a, c) + 0.2);
        assertEquals("lexical-fh-v1-384", embedder.id());
    }
}
