package mechos.memory.internal.episodic;

import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.memory.api.DimensionMismatchException;
import mechos.memory.api.Embedder;
import mechos.memory.api.Embedding;
import mechos.memory.api.Episode;
import mechos.memory.api.EpisodicMemory;
import mechos.memory.api.MemoryException;
import mechos.memory.api.NewEpisode;
import mechos.memory.api.RecallQuery;
import mechos.memory.api.RecallResult;
import mechos.memory.api.Recollection;
import mechos.memory.api.RetentionPolicy;
import mechos.memory.api.StoreHealth;
import mechos.memory.internal.embed.Vectors;
import mechos.memory.internal.store.SqliteStore;

/**
 * Episodic memory on a {@link SqliteStore}. Writes are group-committed: every record() joins a pending queue, one
 * storage task inserts all waiting episodes in one transaction and acknowledges them after COMMIT. Recall scans an
 * in-RAM {@link VectorIndex} of the active embedder's vectors and then reads the winning rows.
 *
 * <p>Everything below "storage thread" is confined to the store's executor.
 */
public final class SqliteEpisodicMemory implements EpisodicMemory {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteEpisodicMemory.class);
    private static final int BATCH = 512;
    private static final int REEMBED_BATCH = 256;
    private static final long AGE_CHECK_INTERVAL_MS = 60_000;

    private record Pending(NewEpisode episode, CompletableFuture<Episode> result) {
    }

    private final SqliteStore store;
    private final Clock clock;
    private final RetentionPolicy retention;
    private final Embedder fallback;
    private final AtomicReference<Embedder> provided = new AtomicReference<>();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final int pendingCapacity;

    // storage thread only
    private VectorIndex index;
    private String indexEmbedderId;
    private long pendingReembed;
    private boolean reembedScheduled;
    private long knownStored;
    private long lastAgeCheckMs = Long.MIN_VALUE;
    private final Map<Long, Episode> ramEpisodes = new HashMap<>();
    private long nextRamId = -1;

    public SqliteEpisodicMemory(SqliteStore store, Embedder fallback, RetentionPolicy retention, Clock clock) {
        this.store = store;
        this.fallback = fallback;
        this.retention = retention;
        this.clock = clock;
        this.pendingCapacity = store.options().queueCapacity();
    }

    /** Schedules loading the index (after the store has opened, since its executor runs tasks in order). */
    public CompletableFuture<Void> start() {
        return store.submit(c -> {
            load(c);
            return null;
        });
    }

    /** Switches to a provided embedder (null for the built-in one); episodes of another embedder are re-embedded. */
    public void setEmbedder(Embedder embedder) {
        provided.set(embedder);
        reloadIfEmbedderChanged();
    }

    /** Clears a provided embedder only if it is still the active one (greedy rebinding binds the new one first). */
    public void unsetEmbedder(Embedder embedder) {
        if (provided.compareAndSet(embedder, null)) {
            reloadIfEmbedderChanged();
        }
    }

    private void reloadIfEmbedderChanged() {
        store.submit(c -> {
            if (index != null && !active().id().equals(indexEmbedderId)) {
                load(c);
            }
            return null;
        }).exceptionally(e -> {
            LOG.warn("switching embedder failed: {}", e.getMessage(), e);
            return null;
        });
    }

    Embedder active() {
        Embedder e = provided.get();
        return e != null ? e : fallback;
    }

    @Override
    public String activeEmbedderId() {
        return active().id();
    }

    @Override
    public RetentionPolicy retention() {
        return retention;
    }

    @Override
    public StoreHealth health() {
        return store.health();
    }

    @Override
    public CompletableFuture<Episode> record(NewEpisode episode) {
        if (episode == null) {
            return CompletableFuture.failedFuture(new MemoryException("episode must not be null"));
        }
        Embedding given = episode.embedding();
        if (given != null) {
            MemoryException mismatch = mismatch(given, active());
            if (mismatch != null) {
                return CompletableFuture.failedFuture(mismatch);
            }
        }
        if (pendingCount.incrementAndGet() > pendingCapacity) {
            pendingCount.decrementAndGet();
            return CompletableFuture.failedFuture(
                    new MemoryException("memory write queue is full (" + pendingCapacity + " episodes pending)"));
        }
        CompletableFuture<Episode> result = new CompletableFuture<>();
        pending.add(new Pending(episode, result));
        scheduleFlush();
        return result;
    }

    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            store.submit(c -> {
                flush(c);
                return null;
            }).exceptionally(e -> {
                // the queue was full or the store closed: fail what waits, never leave futures hanging
                flushScheduled.set(false);
                failAllPending(e);
                return null;
            });
        }
    }

    private void failAllPending(Throwable cause) {
        Pending p;
        while ((p = pending.poll()) != null) {
            pendingCount.decrementAndGet();
            p.result().completeExceptionally(cause instanceof MemoryException ? cause
                    : new MemoryException("episode not stored: " + cause.getMessage(), cause));
        }
    }

    private static MemoryException mismatch(Embedding given, Embedder active) {
        if (given.dimension() != active.dimension()) {
            return new DimensionMismatchException(active.id(), active.dimension(), given.dimension());
        }
        if (!given.embedderId().equals(active.id())) {
            return new MemoryException("embedding comes from embedder '" + given.embedderId()
                    + "' but the active embedder is '" + active.id() + "'; vectors of different embedders are "
                    + "never compared");
        }
        return null;
    }

    private void flush(Connection c) {
        flushScheduled.set(false);
        if (index == null) {
            load(c);
        }
        List<Pending> batch = new ArrayList<>();
        Pending p;
        while (batch.size() < BATCH && (p = pending.poll()) != null) {
            pendingCount.decrementAndGet();
            batch.add(p);
        }
        if (!pending.isEmpty()) {
            scheduleFlush();
        }
        if (batch.isEmpty()) {
            return;
        }
        Embedder embedder = active();
        if (!embedder.id().equals(indexEmbedderId)) {
            load(c);
        }
        List<Pending> accepted = new ArrayList<>(batch.size());
        List<Embedding> embeddings = new ArrayList<>(batch.size());
        for (Pending item : batch) {
            Embedding given = item.episode().embedding();
            if (given != null) {
                MemoryException mismatch = mismatch(given, embedder);
                if (mismatch != null) {
                    item.result().completeExceptionally(mismatch);
                    continue;
                }
                embeddings.add(given);
            } else {
                embeddings.add(embed(embedder, item.episode().situation()));
            }
            accepted.add(item);
        }
        List<Long> ids = null;
        MemoryException notDurable = null;
        if (store.writable() && !accepted.isEmpty()) {
            try {
                ids = store.inTransaction(c, conn -> insert(conn, accepted, embeddings));
            } catch (Exception e) {
                notDurable = store.failed("storing " + accepted.size() + " episodes", e);
            }
        }
        for (int i = 0; i < accepted.size(); i++) {
            Pending item = accepted.get(i);
            Embedding emb = embeddings.get(i);
            long id = ids != null ? ids.get(i) : nextRamId--;
            Episode stored = toEpisode(id, item.episode(), emb);
            if (emb != null) {
                index.put(id, stored.time().toEpochMilli(), stored.source(), emb.vector());
            } else {
                pendingReembed++;
            }
            if (ids != null) {
                knownStored++;
                item.result().complete(stored);
            } else {
                ramEpisodes.put(id, stored);
                String reason = notDurable != null ? notDurable.getMessage() : store.health().reason();
                item.result().completeExceptionally(new MemoryException(
                        "episode not durable (" + reason + "); kept in RAM for recall during this run"));
            }
        }
        retain(c, false);
        if (pendingReembed > 0 && !reembedScheduled) {
            scheduleReembed();
        }
    }

    private Embedding embed(Embedder embedder, String text) {
        try {
            float[] v = embedder.embed(text);
            if (v == null || v.length != embedder.dimension()) {
                LOG.warn("embedder '{}' returned {} instead of {} dimensions; the episode waits to be re-embedded",
                        embedder.id(), v == null ? "null" : v.length, embedder.dimension());
                return null;
            }
            return new Embedding(embedder.id(), v);
        } catch (Exception | LinkageError e) {
            LOG.warn("embedder '{}' failed; the episode is stored and waits to be re-embedded: {}", embedder.id(),
                    e.toString());
            return null;
        }
    }

    private static List<Long> insert(Connection c, List<Pending> items, List<Embedding> embeddings)
            throws Exception {
        return EpisodeTable.insert(c, items.stream().map(Pending::episode).toList(), embeddings);
    }

    private static Episode toEpisode(long id, NewEpisode e, Embedding emb) {
        return new Episode(id, e.time(), e.source(), e.situation(), e.intent(), e.verdict(), e.outcome(), emb);
    }

    /** (Re)builds the index for the active embedder; rows of other embedders become pending re-embeds. */
    private void load(Connection c) {
        Embedder embedder = active();
        index = new VectorIndex(embedder.dimension());
        indexEmbedderId = embedder.id();
        pendingReembed = 0;
        knownStored = 0;
        for (Map.Entry<Long, Episode> ram : new ArrayList<>(ramEpisodes.entrySet())) {
            Episode e = ram.getValue();
            Embedding emb = e.embedding();
            if (emb == null || !emb.embedderId().equals(embedder.id()) || emb.dimension() != embedder.dimension()) {
                emb = embed(embedder, e.situation());
                Episode updated = new Episode(e.id(), e.time(), e.source(), e.situation(), e.intent(), e.verdict(),
                        e.outcome(), emb);
                ramEpisodes.put(e.id(), updated);
            }
            if (emb != null) {
                index.put(e.id(), e.time().toEpochMilli(), e.source(), emb.vector());
            } else {
                pendingReembed++;
            }
        }
        if (c == null) {
            return;
        }
        try {
            EpisodeTable.scan(c, row -> {
                knownStored++;
                if (embedder.id().equals(row.embedderId()) && row.dim() == embedder.dimension() && row.vec() != null
                        && row.vec().length == row.dim() * 4) {
                    index.put(row.id(), row.timeMs(), row.source(), Vectors.fromBlob(row.vec()));
                } else {
                    pendingReembed++;
                }
            });
        } catch (Exception e) {
            throw store.failed("loading episodes", e);
        }
        LOG.info("episodic memory: {} episodes indexed for embedder '{}' ({} dims), {} to re-embed", index.size(),
                embedder.id(), embedder.dimension(), pendingReembed);
        if (pendingReembed > 0) {
            scheduleReembed();
        }
    }

    private void scheduleReembed() {
        reembedScheduled = true;
        store.submit(c -> {
            reembedScheduled = false;
            reembedBatch(c);
            return null;
        }).exceptionally(e -> {
            reembedScheduled = false;
            LOG.warn("re-embedding could not be scheduled: {}", e.getMessage());
            return null;
        });
    }

    /** Re-embeds up to one batch of stored rows whose vector is missing or from another embedder. */
    private void reembedBatch(Connection c) throws Exception {
        if (c == null || pendingReembed <= 0) {
            return;
        }
        Embedder embedder = active();
        if (!embedder.id().equals(indexEmbedderId)) {
            load(c);
            return;
        }
        // read-only stores cannot persist the new vectors: embed everything in one pass into RAM
        List<EpisodeTable.TextRow> rows = EpisodeTable.needingEmbedding(c, embedder.id(), embedder.dimension(),
                store.writable() ? REEMBED_BATCH : Integer.MAX_VALUE);
        List<Long> done = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (EpisodeTable.TextRow row : rows) {
            Embedding emb = embed(embedder, row.situation());
            if (emb == null) {
                break; // embedder failing: retry after the next write
            }
            done.add(row.id());
            vectors.add(emb.vector());
        }
        if (store.writable() && !done.isEmpty()) {
            store.inTransaction(c, conn -> {
                EpisodeTable.updateEmbeddings(conn, done, embedder.id(), vectors);
                return null;
            });
        }
        for (int i = 0; i < done.size(); i++) {
            EpisodeTable.TextRow row = rows.get(i);
            index.put(row.id(), row.timeMs(), row.source(), vectors.get(i));
        }
        pendingReembed = Math.max(0, pendingReembed - done.size());
        if (done.size() == rows.size() && rows.size() == REEMBED_BATCH && store.writable()) {
            scheduleReembed();
        } else if (done.size() == rows.size()) {
            pendingReembed = countRamPending();
        }
    }

    private long countRamPending() {
        return ramEpisodes.values().stream().filter(e -> e.embedding() == null).count();
    }

    @Override
    public CompletableFuture<RecallResult> recall(RecallQuery query) {
        if (query == null) {
            return CompletableFuture.failedFuture(new MemoryException("query must not be null"));
        }
        return store.submit(c -> {
            Embedder embedder = active();
            if (index == null || !embedder.id().equals(indexEmbedderId)) {
                load(c);
            }
            float[] q;
            if (query.vector() != null) {
                MemoryException mismatch = mismatch(query.vector(), embedder);
                if (mismatch != null) {
                    throw mismatch;
                }
                q = query.vector().vector();
            } else {
                Embedding e = embed(embedder, query.text());
                if (e == null) {
                    throw new MemoryException("the active embedder '" + embedder.id() + "' cannot embed the query now");
                }
                q = e.vector();
            }
            long from = query.from() == null ? Long.MIN_VALUE : query.from().toEpochMilli();
            long to = query.to() == null ? Long.MAX_VALUE : query.to().toEpochMilli();
            List<VectorIndex.Hit> hits = index.search(q, query.k(), from, to, query.source());
            Map<Long, Episode> rows = fetch(c, hits);
            List<Recollection> result = new ArrayList<>(hits.size());
            for (VectorIndex.Hit hit : hits) {
                Episode e = rows.get(hit.id());
                if (e != null) {
                    result.add(new Recollection(e, hit.score()));
                }
            }
            return new RecallResult(result, embedder.id(), embedder.dimension(), pendingReembed);
        });
    }

    private Map<Long, Episode> fetch(Connection c, List<VectorIndex.Hit> hits) {
        Map<Long, Episode> out = new HashMap<>();
        List<Long> stored = new ArrayList<>();
        for (VectorIndex.Hit hit : hits) {
            Episode ram = ramEpisodes.get(hit.id());
            if (ram != null) {
                out.put(hit.id(), ram);
            } else {
                stored.add(hit.id());
            }
        }
        if (c != null && !stored.isEmpty()) {
            try {
                out.putAll(EpisodeTable.fetch(c, stored));
            } catch (Exception e) {
                throw store.failed("reading recalled episodes", e);
            }
        }
        return out;
    }

    @Override
    public CompletableFuture<Long> count() {
        return store.submit(c -> {
            long n = ramEpisodes.size();
            if (c != null) {
                try {
                    n += EpisodeTable.count(c);
                } catch (Exception e) {
                    throw store.failed("counting episodes", e);
                }
            }
            return n;
        });
    }

    @Override
    public CompletableFuture<Long> applyRetention() {
        return store.submit(c -> {
            if (index == null) {
                load(c);
            }
            return retain(c, true);
        });
    }

    /** @return episodes removed */
    private long retain(Connection c, boolean force) {
        long now = clock.millis();
        boolean ageDue = !retention.maxAge().isZero() && (force || now - lastAgeCheckMs >= AGE_CHECK_INTERVAL_MS);
        boolean countDue = retention.maxCount() > 0 && knownStored + ramEpisodes.size() > retention.maxCount();
        if (!ageDue && !countDue) {
            return 0;
        }
        long removed = 0;
        long cutoff = ageDue ? now - retention.maxAge().toMillis() : Long.MIN_VALUE;
        if (ageDue) {
            lastAgeCheckMs = now;
            for (Episode e : new ArrayList<>(ramEpisodes.values())) {
                if (e.time().toEpochMilli() < cutoff) {
                    ramEpisodes.remove(e.id());
                    index.remove(e.id());
                    removed++;
                }
            }
        }
        if (c == null || !store.writable()) {
            // degraded: bound the RAM fallback by the same count limit
            if (retention.maxCount() > 0 && ramEpisodes.size() > retention.maxCount()) {
                List<Episode> oldest = new ArrayList<>(ramEpisodes.values());
                oldest.sort(java.util.Comparator.comparing(Episode::time).thenComparing(e -> -e.id()));
                for (Episode e : oldest.subList(0, (int) (ramEpisodes.size() - retention.maxCount()))) {
                    ramEpisodes.remove(e.id());
                    index.remove(e.id());
                    removed++;
                }
            }
            return removed;
        }
        try {
            removed += store.inTransaction(c, conn -> {
                List<Long> ids = EpisodeTable.beyondRetention(conn, cutoff, retention.maxCount());
                EpisodeTable.delete(conn, ids);
                ids.forEach(index::remove);
                return (long) ids.size();
            });
            knownStored = EpisodeTable.count(c);
        } catch (Exception e) {
            throw store.failed("applying retention", e);
        }
        if (removed > 0) {
            LOG.debug("retention removed {} episodes", removed);
        }
        return removed;
    }
}
