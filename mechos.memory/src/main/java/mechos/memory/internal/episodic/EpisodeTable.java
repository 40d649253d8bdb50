package mechos.memory.internal.episodic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import mechos.memory.api.Embedding;
import mechos.memory.api.Episode;
import mechos.memory.api.MemoryException;
import mechos.memory.api.NewEpisode;
import mechos.memory.internal.embed.Vectors;

/** The SQL of the {@code episodes} table (schema in {@code Migrations}). Stateless; storage thread only. */
final class EpisodeTable {
    /** What the index needs of a row. */
    record IndexRow(long id, long timeMs, String source, String embedderId, int dim, byte[] vec) {
    }

    /** A row waiting to be (re-)embedded. */
    record TextRow(long id, long timeMs, String source, String situation) {
    }

    @FunctionalInterface
    interface RowSink {
        void accept(IndexRow row);
    }

    private EpisodeTable() {
    }

    static List<Long> insert(Connection c, List<NewEpisode> episodes, List<Embedding> embeddings)
            throws SQLException {
        List<Long> ids = new ArrayList<>(episodes.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO episodes(time_ms, source, situation, intent, "
                + "verdict, outcome, embedder, dim, vec) VALUES (?,?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < episodes.size(); i++) {
                NewEpisode e = episodes.get(i);
                Embedding emb = embeddings.get(i);
                ps.setLong(1, e.time().toEpochMilli());
                ps.setString(2, e.source());
                ps.setString(3, e.situation());
                ps.setString(4, e.intent());
                ps.setString(5, e.verdict());
                ps.setString(6, e.outcome());
                if (emb == null) {
                    ps.setNull(7, Types.VARCHAR);
                    ps.setNull(8, Types.INTEGER);
                    ps.setNull(9, Types.BLOB);
                } else {
                    ps.setString(7, emb.embedderId());
                    ps.setInt(8, emb.dimension());
                    ps.setBytes(9, Vectors.toBlob(emb.vector()));
                }
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new MemoryException("no id generated for an episode");
                    }
                    ids.add(keys.getLong(1));
                }
            }
        }
        return ids;
    }

    static void scan(Connection c, RowSink sink) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, time_ms, source, embedder, dim, vec FROM episodes")) {
            while (rs.next()) {
                sink.accept(new IndexRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getBytes(6)));
            }
        }
    }

    static Map<Long, Episode> fetch(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, Episode> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        StringJoiner in = new StringJoiner(",");
        ids.forEach(id -> in.add(Long.toString(id)));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, time_ms, source, "
                + "situation, intent, verdict, outcome, embedder, vec FROM episodes WHERE id IN (" + in + ")")) {
            while (rs.next()) {
                byte[] vec = rs.getBytes(9);
                String embedder = rs.getString(8);
                Embedding emb = vec == null || embedder == null ? null
                        : new Embedding(embedder, Vectors.fromBlob(vec));
                out.put(rs.getLong(1), new Episode(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), emb));
            }
        }
        return out;
    }

    static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM episodes")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows whose vector is missing or from another embedder or dimension. */
    static List<TextRow> needingEmbedding(Connection c, String embedderId, int dim, int limit) throws SQLException {
        List<TextRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, time_ms, source, situation FROM episodes "
                + "WHERE embedder IS NULL OR embedder <> ? OR dim <> ? OR vec IS NULL LIMIT ?")) {
            ps.setString(1, embedderId);
            ps.setInt(2, dim);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new TextRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return rows;
    }

    static void updateEmbeddings(Connection c, List<Long> ids, String embedderId, List<float[]> vectors)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE episodes SET embedder = ?, dim = ?, vec = ? WHERE id = ?")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(1, embedderId);
                ps.setInt(2, vectors.get(i).length);
                ps.setBytes(3, Vectors.toBlob(vectors.get(i)));
                ps.setLong(4, ids.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Ids to drop: older than {@code cutoffMs}, then the oldest beyond {@code maxCount} (0 = no limit). */
    static List<Long> beyondRetention(Connection c, long cutoffMs, long maxCount) throws SQLException {
        List<Long> ids = new ArrayList<>();
        if (cutoffMs != Long.MIN_VALUE) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM episodes WHERE time_ms < ?")) {
                ps.setLong(1, cutoffMs);
                collect(ps, ids);
            }
        }
        if (maxCount > 0) {
            long remaining = count(c) - ids.size();
            if (remaining > maxCount) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM episodes WHERE time_ms >= ? ORDER BY time_ms, id LIMIT ?")) {
                    ps.setLong(1, cutoffMs);
                    ps.setLong(2, remaining - maxCount);
                    collect(ps, ids);
                }
            }
        }
        return ids;
    }

    static void delete(Connection c, List<Long> ids) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM episodes WHERE id = ?")) {
            for (long id : ids) {
                del.setLong(1, id);
                del.addBatch();
            }
            del.executeBatch();
        }
    }

    private static void collect(PreparedStatement ps, List<Long> ids) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
    }
}
