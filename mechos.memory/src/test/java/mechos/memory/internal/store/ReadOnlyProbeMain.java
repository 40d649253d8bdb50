package mechos.memory.internal.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import mechos.memory.api.NewEpisode;
import mechos.memory.api.RecallQuery;
import mechos.memory.api.RetentionPolicy;
import mechos.memory.internal.embed.LexicalEmbedder;
import mechos.memory.internal.episodic.SqliteEpisodicMemory;

/** Child process of {@link ReadOnlyDirectoryTest}, run as an unprivileged user: reports what memory can do. */
public final class ReadOnlyProbeMain {
    private ReadOnlyProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        SqliteStore store = new SqliteStore(StoreOptions.defaults(Path.of(args[0])), Clock.systemUTC());
        System.out.println("HEALTH " + store.open().get().status() + " " + store.health().reason());
        SqliteEpisodicMemory m = new SqliteEpisodicMemory(store, new LexicalEmbedder(32),
                new RetentionPolicy(0, Duration.ZERO), Clock.systemUTC());
        m.start();
        try {
            m.record(NewEpisode.of(Instant.now(), "probe", "written while read-only", "", "", "")).get();
            System.out.println("RECORD acknowledged");
        } catch (java.util.concurrent.ExecutionException e) {
            System.out.println("RECORD failed " + e.getCause().getMessage());
        }
        System.out.println("RECALL " + m.recall(RecallQuery.text("stored before", 1)).get().hits().get(0).episode()
                .situation());
        System.out.println("COUNT " + m.count().get());
        store.close();
    }
}
