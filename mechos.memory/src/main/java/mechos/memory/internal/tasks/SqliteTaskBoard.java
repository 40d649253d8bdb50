package mechos.memory.internal.tasks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import mechos.memory.api.MemoryException;
import mechos.memory.api.NewTask;
import mechos.memory.api.StoreHealth;
import mechos.memory.api.Task;
import mechos.memory.api.TaskBoard;
import mechos.memory.api.TaskState;
import mechos.memory.internal.store.SqliteStore;

/**
 * The task board in the shared SQLite file. Every state change is one conditional UPDATE inside a
 * {@code BEGIN IMMEDIATE} transaction, so it holds SQLite's single write lock: of two processes claiming the same
 * task, the second sees the first one's claim and its UPDATE changes no row. Leases are wall-clock times (the
 * injected clock) stored in the row; an expired claim reads as OPEN and is claimable again.
 */
public final class SqliteTaskBoard implements TaskBoard {
    private static final String COLUMNS = "id, title, payload, priority, state, claimant, claim_token, "
            + "lease_expires_ms, created_ms, updated_ms, result";
    /** A row that may be claimed at :now. */
    private static final String CLAIMABLE = "(state = 'OPEN' OR (state = 'CLAIMED' AND lease_expires_ms <= ?))";

    private final SqliteStore store;
    private final Clock clock;

    public SqliteTaskBoard(SqliteStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public StoreHealth health() {
        return store.health();
    }

    @Override
    public CompletableFuture<Task> post(NewTask task) {
        if (task == null) {
            return CompletableFuture.failedFuture(new MemoryException("task must not be null"));
        }
        String id = UUID.randomUUID().toString();
        return store.submit(c -> store.inTransaction(c, conn -> {
            long now = clock.millis();
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO tasks(id, title, payload, priority, "
                    + "state, claim_token, created_ms, updated_ms) VALUES (?,?,?,?,'OPEN',0,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, task.title());
                ps.setString(3, task.payload());
                ps.setInt(4, task.priority());
                ps.setLong(5, now);
                ps.setLong(6, now);
                ps.executeUpdate();
            }
            return read(conn, id, now).orElseThrow(() -> new MemoryException("posted task vanished: " + id));
        }));
    }

    @Override
    public CompletableFuture<Optional<Task>> claim(String taskId, String claimant, Duration lease) {
        if (taskId == null || claimant == null || lease == null || lease.isNegative() || lease.isZero()) {
            return CompletableFuture.failedFuture(new MemoryException("taskId, claimant and a positive lease are required"));
        }
        return store.submit(c -> store.inTransaction(c, conn -> claimIn(conn, taskId, claimant, lease)));
    }

    private Optional<Task> claimIn(Connection conn, String taskId, String claimant, Duration lease) throws Exception {
        long now = clock.millis();
        try (PreparedStatement ps = conn.prepareStatement("UPDATE tasks SET state = 'CLAIMED', claimant = ?, "
                + "claim_token = claim_token + 1, lease_expires_ms = ?, updated_ms = ? WHERE id = ? AND "
                + CLAIMABLE)) {
            ps.setString(1, claimant);
            ps.setLong(2, now + lease.toMillis());
            ps.setLong(3, now);
            ps.setString(4, taskId);
            ps.setLong(5, now);
            if (ps.executeUpdate() != 1) {
                return Optional.empty();
            }
        }
        return read(conn, taskId, now);
    }

    @Override
    public CompletableFuture<Optional<Task>> claimNext(String claimant, Duration lease) {
        if (claimant == null || lease == null || lease.isNegative() || lease.isZero()) {
            return CompletableFuture.failedFuture(new MemoryException("claimant and a positive lease are required"));
        }
        return store.submit(c -> store.inTransaction(c, conn -> {
            String id;
            try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM tasks WHERE " + CLAIMABLE
                    + " ORDER BY priority DESC, created_ms, id LIMIT 1")) {
                ps.setLong(1, clock.millis());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Task>empty();
                    }
                    id = rs.getString(1);
                }
            }
            return claimIn(conn, id, claimant, lease);
        }));
    }

    @Override
    public CompletableFuture<Boolean> renew(String taskId, String claimant, long claimToken, Duration lease) {
        if (lease == null || lease.isNegative() || lease.isZero()) {
            return CompletableFuture.failedFuture(new MemoryException("a positive lease is required"));
        }
        return held(taskId, claimant, claimToken, "lease_expires_ms = ?", clock.millis() + lease.toMillis());
    }

    @Override
    public CompletableFuture<Boolean> complete(String taskId, String claimant, long claimToken, String result) {
        return held(taskId, claimant, claimToken, "state = 'DONE', lease_expires_ms = NULL, result = ?",
                result == null ? "" : result);
    }

    @Override
    public CompletableFuture<Boolean> release(String taskId, String claimant, long claimToken) {
        return held(taskId, claimant, claimToken, "state = 'OPEN', lease_expires_ms = NULL");
    }

    /** Applies {@code set} only while the claim under this token is still held and unexpired. */
    private CompletableFuture<Boolean> held(String taskId, String claimant, long claimToken, String set, Object... args) {
        if (taskId == null || claimant == null) {
            return CompletableFuture.failedFuture(new MemoryException("taskId and claimant are required"));
        }
        return store.submit(c -> store.inTransaction(c, conn -> {
            long now = clock.millis();
            try (PreparedStatement ps = conn.prepareStatement("UPDATE tasks SET " + set + ", updated_ms = ? "
                    + "WHERE id = ? AND state = 'CLAIMED' AND claimant = ? AND claim_token = ? "
                    + "AND lease_expires_ms > ?")) {
                int i = 1;
                for (Object arg : args) {
                    ps.setObject(i++, arg);
                }
                ps.setLong(i++, now);
                ps.setString(i++, taskId);
                ps.setString(i++, claimant);
                ps.setLong(i++, claimToken);
                ps.setLong(i, now);
                return ps.executeUpdate() == 1;
            }
        }));
    }

    @Override
    public CompletableFuture<Optional<Task>> get(String taskId) {
        return store.submit(c -> {
            store.requireOpen(c);
            return read(c, taskId, clock.millis());
        });
    }

    @Override
    public CompletableFuture<List<Task>> list(TaskState state) {
        return store.submit(c -> {
            store.requireOpen(c);
            long now = clock.millis();
            List<Task> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM tasks ORDER BY priority DESC, created_ms, id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Task t = toTask(rs, now);
                        if (state == null || t.state() == state) {
                            out.add(t);
                        }
                    }
                }
            }
            return out;
        });
    }

    private Optional<Task> read(Connection c, String id, long now) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tasks WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(toTask(rs, now)) : Optional.empty();
            }
        }
    }

    private static Task toTask(ResultSet rs, long now) throws Exception {
        TaskState state = TaskState.valueOf(rs.getString(5));
        long lease = rs.getLong(8);
        Instant leaseExpires = rs.wasNull() ? null : Instant.ofEpochMilli(lease);
        if (state == TaskState.CLAIMED && lease <= now) {
            state = TaskState.OPEN; // the lease ran out
        }
        return new Task(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), state, rs.getString(6),
                rs.getLong(7), leaseExpires, Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)),
                rs.getString(11));
    }
}
