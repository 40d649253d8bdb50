package mechos.memory.internal.semantic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.memory.api.DimensionMismatchException;
import mechos.memory.api.Embedder;
import mechos.memory.api.Embedding;
import mechos.memory.api.LabelMatch;
import mechos.memory.api.LabelState;
import mechos.memory.api.MemoryException;
import mechos.memory.api.SemanticState;
import mechos.memory.api.StoreHealth;
import mechos.memory.internal.embed.Vectors;
import mechos.memory.internal.store.SqliteStore;

/**
 * Semantic state on a {@link SqliteStore}. All labels live in RAM (on the storage thread) and are written through
 * to the database, so reads keep working when the store is DEGRADED.
 *
 * <p>Confidence: stored as {@code c} at {@code t}; read at {@code now} as {@code c * 0.5^((now - t) / halfLife)}
 * using the injected clock's wall time, so decay follows real elapsed time, also across restarts. An observation
 * raises the decayed value: {@code c' = c + (1 - c) * gain}.
 */
public final class SqliteSemanticState implements SemanticState {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSemanticState.class);

    /** Tunables. */
    public record Options(Duration halfLife, double gain, double pruneBelow) {
        public Options {
            if (halfLife.isZero() || halfLife.isNegative()) {
                throw new IllegalArgumentException("halfLife must be > 0");
            }
            if (!(gain > 0 && gain <= 1)) {
                throw new IllegalArgumentException("gain must be in (0, 1], was " + gain);
            }
            if (!(pruneBelow >= 0 && pruneBelow < 1)) {
                throw new IllegalArgumentException("pruneBelow must be in [0, 1), was " + pruneBelow);
            }
        }
    }

    private record Stored(String label, Embedding mean, long observations, double confidence, long updatedMs,
            long lastObservedMs) {
    }

    private final SqliteStore store;
    private final Supplier<Embedder> embedder;
    private final Options options;
    private final Clock clock;
    // storage thread only
    private final Map<String, Stored> labels = new HashMap<>();
    private boolean loaded;

    public SqliteSemanticState(SqliteStore store, Supplier<Embedder> embedder, Options options, Clock clock) {
        this.store = store;
        this.embedder = embedder;
        this.options = options;
        this.clock = clock;
    }

    @Override
    public StoreHealth health() {
        return store.health();
    }

    double decayed(Stored s, long nowMs) {
        double elapsed = Math.max(0, nowMs - s.updatedMs()) / 1000.0;
        return s.confidence() * Math.pow(0.5, elapsed / (options.halfLife().toMillis() / 1000.0));
    }

    private LabelState view(Stored s, long nowMs) {
        return new LabelState(s.label(), s.mean(), s.observations(), decayed(s, nowMs),
                Instant.ofEpochMilli(s.lastObservedMs()));
    }

    @Override
    public CompletableFuture<LabelState> observe(String label, String text) {
        if (label == null || label.isBlank() || text == null) {
            return CompletableFuture.failedFuture(new MemoryException("label and text are required"));
        }
        return store.submit(c -> {
            Embedder e = embedder.get();
            float[] v;
            try {
                v = e.embed(text);
            } catch (Exception ex) {
                throw new MemoryException("embedder '" + e.id() + "' failed: " + ex.getMessage(), ex);
            }
            return observeNow(c, label, new Embedding(e.id(), v));
        });
    }

    @Override
    public CompletableFuture<LabelState> observe(String label, Embedding embedding) {
        if (label == null || label.isBlank() || embedding == null) {
            return CompletableFuture.failedFuture(new MemoryException("label and embedding are required"));
        }
        return store.submit(c -> observeNow(c, label, embedding));
    }

    private LabelState observeNow(Connection c, String label, Embedding observation) throws Exception {
        ensureLoaded(c);
        Embedder active = embedder.get();
        if (observation.dimension() != active.dimension()) {
            throw new DimensionMismatchException(active.id(), active.dimension(), observation.dimension());
        }
        if (!observation.embedderId().equals(active.id())) {
            throw new MemoryException("embedding comes from '" + observation.embedderId()
                    + "' but the active embedder is '" + active.id() + "'");
        }
        long now = clock.millis();
        Stored old = labels.get(label);
        Stored next;
        if (old == null || !old.mean().embedderId().equals(active.id()) || old.mean().dimension() != active.dimension()) {
            if (old != null) {
                // a label keeps no texts, so it cannot be re-embedded: its mean restarts from this observation
                LOG.info("semantic label '{}' restarts its mean: embedder changed from '{}' to '{}'", label,
                        old.mean().embedderId(), active.id());
            }
            double base = old == null ? 0 : decayed(old, now);
            next = new Stored(label, new Embedding(active.id(), observation.vector().clone()), 1,
                    base + (1 - base) * options.gain(), now, now);
        } else {
            float[] mean = old.mean().vector().clone();
            long n = old.observations() + 1;
            float[] x = observation.vector();
            for (int i = 0; i < mean.length; i++) {
                mean[i] += (x[i] - mean[i]) / n;
            }
            double base = decayed(old, now);
            next = new Stored(label, new Embedding(active.id(), mean), n, base + (1 - base) * options.gain(), now,
                    now);
        }
        labels.put(label, next);
        persist(c, next);
        return view(next, now);
    }

    private void persist(Connection c, Stored s) throws Exception {
        if (!store.writable()) {
            throw new MemoryException("observation kept in RAM only, not durable: " + store.health().reason());
        }
        store.inTransaction(c, conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO semantic_labels(label, "
                    + "embedder, dim, mean, observations, confidence, updated_ms, last_observed_ms) "
                    + "VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setString(1, s.label());
                ps.setString(2, s.mean().embedderId());
                ps.setInt(3, s.mean().dimension());
                ps.setBytes(4, Vectors.toBlob(s.mean().vector()));
                ps.setLong(5, s.observations());
                ps.setDouble(6, s.confidence());
                ps.setLong(7, s.updatedMs());
                ps.setLong(8, s.lastObservedMs());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void ensureLoaded(Connection c) {
        if (loaded) {
            return;
        }
        loaded = true;
        if (c == null) {
            return;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT label, embedder, mean, "
                + "observations, confidence, updated_ms, last_observed_ms FROM semantic_labels")) {
            while (rs.next()) {
                labels.put(rs.getString(1), new Stored(rs.getString(1),
                        new Embedding(rs.getString(2), Vectors.fromBlob(rs.getBytes(3))), rs.getLong(4),
                        rs.getDouble(5), rs.getLong(6), rs.getLong(7)));
            }
        } catch (Exception e) {
            throw store.failed("loading semantic labels", e);
        }
    }

    @Override
    public CompletableFuture<Optional<LabelState>> get(String label) {
        return store.submit(c -> {
            ensureLoaded(c);
            pruneNow(c);
            Stored s = labels.get(label);
            return Optional.ofNullable(s).map(x -> view(x, clock.millis()));
        });
    }

    @Override
    public CompletableFuture<List<LabelState>> list() {
        return store.submit(c -> {
            ensureLoaded(c);
            pruneNow(c);
            long now = clock.millis();
            List<LabelState> out = new ArrayList<>();
            for (Stored s : labels.values()) {
                out.add(view(s, now));
            }
            out.sort(Comparator.comparingDouble(LabelState::confidence).reversed());
            return out;
        });
    }

    @Override
    public CompletableFuture<List<LabelMatch>> nearest(String text, int k) {
        return store.submit(c -> {
            ensureLoaded(c);
            pruneNow(c);
            Embedder e = embedder.get();
            float[] q = e.embed(text);
            long now = clock.millis();
            List<LabelMatch> out = new ArrayList<>();
            for (Stored s : labels.values()) {
                if (s.mean().embedderId().equals(e.id()) && s.mean().dimension() == q.length) {
                    out.add(new LabelMatch(view(s, now), Vectors.cosine(q, s.mean().vector())));
                }
            }
            out.sort(Comparator.comparingDouble(LabelMatch::similarity).reversed());
            return out.size() > k ? List.copyOf(out.subList(0, Math.max(0, k))) : out;
        });
    }

    @Override
    public CompletableFuture<Integer> prune() {
        return store.submit(c -> {
            ensureLoaded(c);
            return pruneNow(c);
        });
    }

    private int pruneNow(Connection c) {
        long now = clock.millis();
        List<String> gone = new ArrayList<>();
        for (Stored s : labels.values()) {
            if (decayed(s, now) < options.pruneBelow()) {
                gone.add(s.label());
            }
        }
        if (gone.isEmpty()) {
            return 0;
        }
        gone.forEach(labels::remove);
        if (store.writable()) {
            try {
                store.inTransaction(c, conn -> {
                    try (PreparedStatement ps = conn.prepareStatement("DELETE FROM semantic_labels WHERE label = ?")) {
                        for (String label : gone) {
                            ps.setString(1, label);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    return null;
                });
            } catch (Exception e) {
                // the labels are gone from RAM; the rows are pruned again at the next start
                store.failed("pruning semantic labels", e);
            }
        }
        LOG.debug("pruned {} semantic labels below {}", gone.size(), options.pruneBelow());
        return gone.size();
    }
}
