package mechos.memory.internal.embed;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import mechos.memory.api.Embedder;

/**
 * The offline embedder: <b>lexical</b> feature hashing, not semantics. Lower-cased word tokens and adjacent word
 * pairs are hashed (FNV-1a) into a fixed number of buckets with a hash-derived sign, weighted by
 * {@code 1 + log(tf)}, and L2-normalised. Texts that share words are similar; synonyms are not. It needs no model,
 * is deterministic across processes and versions of the JVM, and keeps recall working when no LLM provider offers
 * embeddings.
 */
public final class LexicalEmbedder implements Embedder {
    private final int dimension;
    private final String id;

    public LexicalEmbedder(int dimension) {
        if (dimension < 8) {
            throw new IllegalArgumentException("lexical embedder dimension must be >= 8, was " + dimension);
        }
        this.dimension = dimension;
        this.id = "lexical-fh-v1-" + dimension;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        float[] counts = new float[dimension];
        String[] tokens = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        String previous = null;
        for (String token : tokens) {
            if (token.isEmpty()) {
                continue;
            }
            add(counts, fnv1a(token));
            if (previous != null) {
                // pairs carry a little word order; weighted lower than single words
                addWeighted(counts, fnv1a(previous + ' ' + token), 0.5f);
            }
            previous = token;
        }
        for (int i = 0; i < dimension; i++) {
            float c = counts[i];
            counts[i] = c == 0 ? 0 : (float) (Math.signum(c) * (1 + Math.log(Math.abs(c))));
        }
        return Vectors.normalized(counts);
    }

    private void add(float[] counts, int hash) {
        addWeighted(counts, hash, 1f);
    }

    private void addWeighted(float[] counts, int hash, float weight) {
        int bucket = Math.floorMod(hash, dimension);
        float sign = (hash >>> 31) == 0 ? 1f : -1f;
        counts[bucket] += sign * weight;
    }

    static int fnv1a(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        // final avalanche so the sign bit and the bucket are independent
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }
}
