package mechos.memory.internal.episodic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import mechos.memory.internal.embed.Vectors;

/** The flat-array top-k search agrees with a brute-force cosine ranking, also after removals. */
class VectorIndexProperties {
    @Property(tries = 200)
    void topKEqualsBruteForce(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll @IntRange(min = 1, max = 20) int k,
            @ForAll @IntRange(min = 1, max = 70) int dim, @ForAll long seed) {
        Random r = new Random(seed);
        VectorIndex index = new VectorIndex(dim);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = (float) r.nextGaussian();
            }
            vectors.add(v);
            index.put(i, i, i % 2 == 0 ? "even" : "odd", v);
        }
        List<Long> removed = new ArrayList<>();
        for (int i = 0; i < n / 5; i++) {
            long id = r.nextInt(n);
            index.remove(id);
            removed.add(id);
        }
        float[] q = new float[dim];
        for (int d = 0; d < dim; d++) {
            q[d] = (float) r.nextGaussian();
        }
        List<VectorIndex.Hit> hits = index.search(q, k, Long.MIN_VALUE, Long.MAX_VALUE, "even");
        List<long[]> expected = new ArrayList<>();
        for (int i = 0; i < n; i += 2) {
            if (!removed.contains((long) i)) {
                expected.add(new long[] {i});
            }
        }
        expected.sort(Comparator.comparingDouble((long[] e) -> -Vectors.cosine(q, vectors.get((int) e[0]))));
        int want = Math.min(k, expected.size());
        assertEquals(want, hits.size());
        for (int i = 0; i < want; i++) {
            double expectedScore = Vectors.cosine(q, vectors.get((int) expected.get(i)[0]));
            assertEquals(expectedScore, hits.get(i).score(), 1e-4, "rank " + i);
        }
    }
}
