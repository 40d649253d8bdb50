package mechos.memory.internal.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import mechos.memory.api.MemoryException;
import mechos.memory.api.StoreHealth;

/**
 * One SQLite database file behind one single-thread executor with a bounded queue. All JDBC work happens on that
 * thread, so callers never block on storage and the connection needs no locking.
 *
 * <p>Opening runs as the executor's first task: create the directory, open the file (read-only if the directory or
 * file is not writable), check integrity, migrate. Any failure leaves the store DEGRADED with a reason and either
 * a read-only connection or none; work still runs (with a null connection) so components can serve from RAM.
 */
public final class SqliteStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

    private final StoreOptions options;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private final AtomicReference<StoreHealth> health;
    /** Confined to the executor thread. */
    private Connection connection;
    /** Confined to the executor thread. */
    private boolean writable;
    /** Confined to the executor thread: opening failed for a reason that may pass (full disk, I/O error). */
    private boolean retryOpen;
    /** Confined to the executor thread. */
    private java.time.Instant lastOpenAttempt;
    static final java.time.Duration REOPEN_INTERVAL = java.time.Duration.ofSeconds(5);

    public SqliteStore(StoreOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.health = new AtomicReference<>(StoreHealth.degraded("opening " + options.path(), clock.instant()));
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(options.queueCapacity()), r -> {
                    Thread t = new Thread(r, "mechos-memory-store");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Schedules opening; returns at once. The future completes when opening finished (successfully or not). */
    public CompletableFuture<StoreHealth> open() {
        return submit(c -> {
            openNow();
            return health.get();
        });
    }

    public StoreOptions options() {
        return options;
    }

    public StoreHealth health() {
        return health.get();
    }

    /**
     * Runs work on the storage thread. Never throws: a full queue or a closed store complete the future
     * exceptionally with a {@link MemoryException}; so does an exception of the work itself.
     */
    public <T> CompletableFuture<T> submit(StoreWork<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    reopenIfDue();
                    f.complete(work.run(connection));
                } catch (MemoryException e) {
                    f.completeExceptionally(e);
                } catch (Exception | LinkageError | AssertionError e) {
                    f.completeExceptionally(new MemoryException(String.valueOf(e.getMessage()), e));
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new MemoryException(executor.isShutdown() ? "memory store is closed"
                    : "memory queue is full (" + options.queueCapacity() + " pending operations)", e));
        }
        return f;
    }

    /** @return whether durable writes are possible (called on the storage thread) */
    public boolean writable() {
        return connection != null && writable;
    }

    /**
     * Runs {@code body} in a {@code BEGIN IMMEDIATE} transaction (on the storage thread): the write lock is taken
     * at the start, so a conditional update cannot race with another process.
     */
    public <T> T inTransaction(Connection c, StoreWork<T> body) throws Exception {
        requireWritable(c);
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                T result = body.run(c);
                st.execute("COMMIT");
                writeSucceeded();
                return result;
            } catch (Exception | Error e) {
                try {
                    st.execute("ROLLBACK");
                } catch (SQLException rollbackFailure) {
                    // SQLite already rolled back by itself after errors such as SQLITE_FULL; anything else is kept
                    if (!String.valueOf(rollbackFailure.getMessage()).contains("no transaction is active")) {
                        e.addSuppressed(rollbackFailure);
                    }
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failed("write to " + options.path(), e);
        }
    }

    /** Throws a MemoryException naming the current reason unless durable writes are possible. */
    public void requireWritable(Connection c) {
        if (c == null || !writable) {
            throw new MemoryException("memory store not writable: " + health.get().reason());
        }
    }

    /** Throws a MemoryException naming the current reason unless a database is open. */
    public void requireOpen(Connection c) {
        if (c == null) {
            throw new MemoryException("memory store unavailable: " + health.get().reason());
        }
    }

    /** Records a storage failure as DEGRADED and returns the exception to hand to the caller. */
    public MemoryException failed(String what, Exception e) {
        String reason = what + " failed: " + e.getMessage();
        StoreHealth before = health.getAndSet(StoreHealth.degraded(reason, clock.instant()));
        if (before.isOk() || !before.reason().equals(reason)) {
            LOG.warn("memory store DEGRADED: {}", reason, e);
        }
        return e instanceof MemoryException me ? me : new MemoryException(reason, e);
    }

    private void writeSucceeded() {
        StoreHealth h = health.get();
        if (!h.isOk() && writable) {
            health.set(StoreHealth.ok(clock.instant()));
            LOG.info("memory store {} OK again after: {}", options.path(), h.reason());
        }
    }

    private void openNow() {
        lastOpenAttempt = clock.instant();
        Path path = options.path();
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
        } catch (Exception e) {
            degrade("cannot create directory " + path.toAbsolutePath().getParent() + ": " + e, e);
            return;
        }
        Path dir = path.toAbsolutePath().getParent();
        boolean exists = Files.exists(path);
        boolean canWrite = Files.isWritable(dir) && (!exists || Files.isWritable(path));
        if (!canWrite && !exists) {
            degrade("directory " + dir + " is not writable, cannot create " + path
                    + "; memory is kept in RAM only for this run", null);
            return;
        }
        try {
            connection = connect(path, !canWrite);
            try (Statement st = connection.createStatement(); var rs = st.executeQuery("PRAGMA quick_check(1)")) {
                String result = rs.next() ? rs.getString(1) : "no result";
                if (!"ok".equalsIgnoreCase(result)) {
                    throw new SQLException("integrity check: " + result);
                }
            }
            int version = Migrations.version(connection);
            if (version > Migrations.LATEST) {
                closeConnection();
                degrade(path + " has schema version " + version + ", newer than this MechOS build supports ("
                        + Migrations.LATEST + "); refusing to open it so it is not damaged. Upgrade MechOS or "
                        + "configure another memory path; memory is kept in RAM only for this run", null);
                return;
            }
            if (!canWrite) {
                if (version < Migrations.LATEST) {
                    closeConnection();
                    degrade(path + " is read-only and has old schema version " + version
                            + "; cannot migrate it; memory is kept in RAM only for this run", null);
                    return;
                }
                degrade(path + " (or its directory) is read-only: stored memory can be recalled, new memory is "
                        + "kept in RAM only for this run", null);
                return;
            }
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL");
            }
            int found = Migrations.upgrade(connection, Migrations.LATEST);
            if (found < Migrations.LATEST) {
                LOG.info("memory store {} migrated from schema version {} to {}", path, found, Migrations.LATEST);
            }
            writable = true;
            health.set(StoreHealth.ok(clock.instant()));
            LOG.info("memory store {} open (schema {}, synchronous={})", path, Migrations.LATEST,
                    options.synchronous());
        } catch (SQLException | RuntimeException | LinkageError e) {
            closeConnection();
            if (isTransient(e)) {
                retryOpen = true;
                degrade("cannot open " + path + ": " + e.getMessage() + "; memory is kept in RAM until the store "
                        + "can be opened (retried every " + REOPEN_INTERVAL.toSeconds() + " s while in use)", e);
            } else {
                degrade("cannot open " + path + " (corrupt, not a database, or unreadable): " + e.getMessage()
                        + "; memory is kept in RAM only for this run", e);
            }
        }
    }

    /** A full disk or an I/O error is not the file's fault: opening is retried when the store is used. */
    private static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException s) {
                org.sqlite.SQLiteErrorCode code = s.getResultCode();
                if (code == org.sqlite.SQLiteErrorCode.SQLITE_FULL || code.name().startsWith("SQLITE_IOERR")) {
                    return true;
                }
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("SQLITE_FULL") || m.contains("disk is full") || m.contains("No space left")) {
                return true;
            }
        }
        return false;
    }

    /** On the storage thread, before each piece of work: reopen after a transient failure, at most every 5 s. */
    private void reopenIfDue() {
        if (connection != null || !retryOpen) {
            return;
        }
        java.time.Instant now = clock.instant();
        if (lastOpenAttempt != null && now.isBefore(lastOpenAttempt.plus(REOPEN_INTERVAL))) {
            return;
        }
        retryOpen = false;
        openNow();
        if (connection != null) {
            LOG.info("memory store {} opened after an earlier failure; durable again", options.path());
        }
    }

    private Connection connect(Path path, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(options.busyTimeoutMs());
        config.setReadOnly(readOnly);
        if (!readOnly) {
            // no journal mode here: switching to WAL writes the file header, and a file this build refuses (newer
            // schema) must not be modified by a single byte; openNow() switches after checking the version
            config.setSynchronous(options.synchronous() == Synchronous.FULL ? SQLiteConfig.SynchronousMode.FULL
                    : SQLiteConfig.SynchronousMode.NORMAL);
        }
        SQLiteDataSource ds = new SQLiteDataSource(config);
        if (!readOnly) {
            ds.setUrl("jdbc:sqlite:" + path.toAbsolutePath());
            return ds.getConnection();
        }
        Path wal = Path.of(path.toAbsolutePath() + "-wal");
        if (hasData(wal)) {
            // Data a crash left in the WAL (e.g. ext4 remounted read-only after it): mode=ro honours the WAL,
            // using the existing -shm (SQLite >= 3.22 reads a read-only -shm, building a private wal-index).
            ds.setUrl("jdbc:sqlite:file:" + path.toAbsolutePath() + "?mode=ro");
            try {
                Connection c = ds.getConnection();
                try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
                    rs.next(); // reading the WAL happens here: fail now rather than on the first recall
                }
                return c;
            } catch (SQLException e) {
                LOG.warn("memory store {}: read-only, and its write-ahead log {} cannot be read ({}); recalling "
                        + "only what was checkpointed into the database file before the crash", path, wal,
                        e.getMessage());
            }
        }
        // no WAL data (a clean shutdown checkpointed it): immutable=1 reads the file without the -shm that a
        // read-only directory cannot hold (nobody can write it through this read-only location anyway)
        SQLiteDataSource plain = new SQLiteDataSource(config);
        plain.setUrl("jdbc:sqlite:file:" + path.toAbsolutePath() + "?immutable=1");
        return plain.getConnection();
    }

    private static boolean hasData(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (java.io.IOException e) {
            return false; // absent: nothing to honour
        }
    }

    private void degrade(String reason, Throwable cause) {
        health.set(StoreHealth.degraded(reason, clock.instant()));
        if (cause != null) {
            LOG.error("memory store DEGRADED: {}", reason, cause);
        } else {
            LOG.error("memory store DEGRADED: {}", reason);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing {} failed", options.path(), e);
            }
            connection = null;
        }
        writable = false;
    }

    /** Finishes queued work (bounded wait), then closes the database. */
    @Override
    public void close() {
        try {
            executor.execute(this::closeConnection);
        } catch (RejectedExecutionException e) {
            LOG.debug("memory store {} already closing", options.path());
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("memory store {} did not finish its queue within 10 s; abandoning {} operations",
                        options.path(), executor.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
