package mechos.memory.internal.episodic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import mechos.memory.internal.embed.Vectors;

/**
 * Exact top-k cosine search over unit vectors of one dimension, held in flat arrays (one float[] for all
 * vectors) so a scan is a tight loop. Not thread-safe: confined to the storage thread.
 */
final class VectorIndex {
    /** A hit: episode id and similarity. */
    record Hit(long id, float score) {
    }

    private final int dim;
    private long[] ids = new long[1024];
    private long[] times = new long[1024];
    private int[] sources = new int[1024];
    private float[] vectors;
    private int size;
    private final Map<Long, Integer> slotById = new HashMap<>();
    private final Map<String, Integer> sourceCodes = new HashMap<>();

    VectorIndex(int dim) {
        this.dim = dim;
        this.vectors = new float[1024 * dim];
    }

    int dimension() {
        return dim;
    }

    int size() {
        return size;
    }

    boolean contains(long id) {
        return slotById.containsKey(id);
    }

    /** Adds or replaces; the vector is normalised here. */
    void put(long id, long timeMs, String source, float[] vector) {
        if (vector.length != dim) {
            throw new IllegalArgumentException("vector dimension " + vector.length + " != index dimension " + dim);
        }
        Integer existing = slotById.get(id);
        int slot;
        if (existing != null) {
            slot = existing;
        } else {
            if (size == ids.length) {
                int cap = ids.length * 2;
                ids = Arrays.copyOf(ids, cap);
                times = Arrays.copyOf(times, cap);
                sources = Arrays.copyOf(sources, cap);
                vectors = Arrays.copyOf(vectors, cap * dim);
            }
            slot = size++;
            slotById.put(id, slot);
        }
        ids[slot] = id;
        times[slot] = timeMs;
        sources[slot] = sourceCodes.computeIfAbsent(source, s -> sourceCodes.size());
        System.arraycopy(Vectors.normalized(vector), 0, vectors, slot * dim, dim);
    }

    void remove(long id) {
        Integer slot = slotById.remove(id);
        if (slot == null) {
            return;
        }
        int last = --size;
        if (slot != last) {
            ids[slot] = ids[last];
            times[slot] = times[last];
            sources[slot] = sources[last];
            System.arraycopy(vectors, last * dim, vectors, slot * dim, dim);
            slotById.put(ids[slot], slot);
        }
    }

    void clear() {
        size = 0;
        slotById.clear();
    }

    /**
     * @param query  query vector of this dimension (normalised here)
     * @param fromMs inclusive lower bound or Long.MIN_VALUE
     * @param toMs   exclusive upper bound or Long.MAX_VALUE
     * @param source only this source, or null
     * @return best first, at most k
     */
    List<Hit> search(float[] query, int k, long fromMs, long toMs, String source) {
        float[] q = Vectors.normalized(query);
        int sourceCode = -1;
        if (source != null) {
            Integer code = sourceCodes.get(source);
            if (code == null) {
                return List.of();
            }
            sourceCode = code;
        }
        boolean timeFilter = fromMs != Long.MIN_VALUE || toMs != Long.MAX_VALUE;
        // a min-heap of k slots by score, in plain arrays
        float[] heapScore = new float[k];
        int[] heapSlot = new int[k];
        int count = 0;
        for (int s = 0; s < size; s++) {
            if (sourceCode >= 0 && sources[s] != sourceCode) {
                continue;
            }
            if (timeFilter && (times[s] < fromMs || times[s] >= toMs)) {
                continue;
            }
            float score = Vectors.dot(q, vectors, s * dim);
            if (count < k) {
                heapScore[count] = score;
                heapSlot[count] = s;
                siftUp(heapScore, heapSlot, count++);
            } else if (score > heapScore[0]) {
                heapScore[0] = score;
                heapSlot[0] = s;
                siftDown(heapScore, heapSlot, count);
            }
        }
        List<Hit> hits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hits.add(new Hit(ids[heapSlot[i]], heapScore[i]));
        }
        hits.sort((a, b) -> Float.compare(b.score(), a.score()));
        return hits;
    }

    private static void siftUp(float[] score, int[] slot, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (score[parent] <= score[i]) {
                return;
            }
            swap(score, slot, parent, i);
            i = parent;
        }
    }

    private static void siftDown(float[] score, int[] slot, int n) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int min = i;
            if (l < n && score[l] < score[min]) {
                min = l;
            }
            if (r < n && score[r] < score[min]) {
                min = r;
            }
            if (min == i) {
                return;
            }
            swap(score, slot, min, i);
            i = min;
        }
    }

    private static void swap(float[] score, int[] slot, int a, int b) {
        float s = score[a];
        score[a] = score[b];
        score[b] = s;
        int t = slot[a];
        slot[a] = slot[b];
        slot[b] = t;
    }
}
