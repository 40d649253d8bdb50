package mechos.memory.internal.store;

import static mechos.memory.testsupport.Await.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import mechos.memory.api.NewEpisode;
import mechos.memory.api.RetentionPolicy;
import mechos.memory.internal.embed.LexicalEmbedder;
import mechos.memory.internal.episodic.SqliteEpisodicMemory;

/**
 * A database in a read-only directory: DEGRADED with a reason naming it, stored memory still recalled, new
 * memory refused as not durable. Permissions do not bind root, so as root the probe runs in a child JVM as
 * {@code nobody} (via setpriv); as any other user it runs the same probe in a child JVM directly.
 */
class ReadOnlyDirectoryTest {
    private Path base;

    @AfterEach
    void cleanUp() throws IOException {
        if (base != null) {
            try (Stream<Path> s = Files.walk(base)) {
                s.forEach(p -> p.toFile().setWritable(true, false));
            }
            try (Stream<Path> s = Files.walk(base)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void readOnlyDirectoryIsDegradedButStillRecalls() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(!root || Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv to drop root");
        base = Files.createTempDirectory(Path.of("/tmp"), "mechos-ro-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dbDir = Files.createDirectory(base.resolve("ro"));
        Path db = dbDir.resolve("memory.db");
        SqliteStore store = new SqliteStore(StoreOptions.defaults(db), Clock.systemUTC());
        store.open();
        SqliteEpisodicMemory m = new SqliteEpisodicMemory(store, new LexicalEmbedder(32),
                new RetentionPolicy(0, Duration.ZERO), Clock.systemUTC());
        m.start();
        get(m.record(NewEpisode.of(Instant.now(), "a", "stored before the directory became read-only", "", "", "")));
        store.close();
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(dbDir, PosixFilePermissions.fromString("r-xr-xr-x"));

        String out = probe(db);
        assertTrue(out.contains("HEALTH DEGRADED " + db + " (or its directory) is read-only"), out);
        assertTrue(out.contains("RECORD failed episode not durable"), out);
        assertTrue(out.contains("RECALL stored before the directory became read-only"), out);
        assertTrue(out.contains("COUNT 2"), out); // the stored one + the one kept in RAM
    }

    /** Runs {@link ReadOnlyProbeMain} on {@code db} as an unprivileged user; @return its output */
    private String probe(Path db) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        // a world-readable copy of the classpath, and a tmpdir the child may write (SQLite's native library)
        Path cp = Files.createDirectory(base.resolve("cp"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path src = Path.of(entry);
            Path dst = cp.resolve(i++ + "-" + src.getFileName());
            copyTree(src, dst);
            entries.add(dst.toString());
        }
        Path tmp = Files.createDirectory(base.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Stream<Path> s = Files.walk(cp)) {
            s.forEach(p -> {
                p.toFile().setReadable(true, false);
                p.toFile().setExecutable(true, false);
            });
        }
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-Duser.home=" + tmp, "-cp", String.join(java.io.File.pathSeparator, entries),
                ReadOnlyProbeMain.class.getName(), db.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /**
     * Issue 18, storage defect 1: a crash left acknowledged episodes in the WAL, then the file system went
     * read-only (ext4 errors=remount-ro). Memory must recall them from the WAL, not say "old schema version 0".
     */
    @Test
    void walDataLeftByACrashIsRecalledFromAReadOnlyDirectory() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(!root || Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv to drop root");
        base = Files.createTempDirectory(Path.of("/tmp"), "mechos-ro-wal-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path live = Files.createDirectory(base.resolve("live"));
        Path dbDir = Files.createDirectory(base.resolve("ro"));
        Path db = dbDir.resolve("memory.db");
        SqliteStore store = new SqliteStore(StoreOptions.defaults(live.resolve("memory.db")), Clock.systemUTC());
        store.open();
        SqliteEpisodicMemory m = new SqliteEpisodicMemory(store, new LexicalEmbedder(32),
                new RetentionPolicy(0, Duration.ZERO), Clock.systemUTC());
        m.start();
        get(m.record(NewEpisode.of(Instant.now(), "a", "stored before the directory became read-only", "", "", "")));
        for (int i = 0; i < 199; i++) {
            get(m.record(NewEpisode.of(Instant.now(), "a", "episode " + i, "", "", "")));
        }
        // what kill -9 leaves: the database, its WAL (the episodes are there, not yet checkpointed) and -shm
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.copy(live.resolve("memory.db" + suffix), dbDir.resolve("memory.db" + suffix));
        }
        assertTrue(Files.size(dbDir.resolve("memory.db-wal")) > 0, "the episodes should still be in the WAL");
        store.close();
        try (Stream<Path> s = Files.list(dbDir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
            }
        }
        Files.setPosixFilePermissions(dbDir, PosixFilePermissions.fromString("r-xr-xr-x"));

        String out = probe(db);
        assertTrue(out.contains("HEALTH DEGRADED " + db + " (or its directory) is read-only"), out);
        assertTrue(out.contains("RECALL stored before the directory became read-only"), out);
        assertTrue(out.contains("COUNT 201"), out); // 200 from the WAL + the one kept in RAM
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        if (Files.isDirectory(src)) {
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path t = dst.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } else if (Files.exists(src)) {
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
