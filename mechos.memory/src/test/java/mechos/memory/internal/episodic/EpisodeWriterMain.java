package mechos.memory.internal.episodic;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;

import mechos.memory.api.NewEpisode;
import mechos.memory.api.RetentionPolicy;
import mechos.memory.internal.embed.LexicalEmbedder;
import mechos.memory.internal.store.SqliteStore;
import mechos.memory.internal.store.StoreOptions;
import mechos.memory.internal.store.Synchronous;

/** Child process of {@link EpisodeDurabilityKillTest}: records episodes forever, printing each acknowledgement. */
public final class EpisodeWriterMain {
    private EpisodeWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        SqliteStore store = new SqliteStore(new StoreOptions(Path.of(args[0]), Synchronous.valueOf(args[1]), 10_000,
                5_000), Clock.systemUTC());
        store.open().get();
        SqliteEpisodicMemory memory = new SqliteEpisodicMemory(store, new LexicalEmbedder(64),
                new RetentionPolicy(0, Duration.ZERO), Clock.systemUTC());
        memory.start().get();
        System.out.println("READY " + store.health().status());
        Semaphore inFlight = new Semaphore(64);
        for (long i = 0;; i++) {
            inFlight.acquire();
            long n = i;
            memory.record(NewEpisode.of(Instant.now(), "writer", "episode-" + n, "{}", "APPROVED", "ok"))
                    .whenComplete((e, failure) -> {
                        inFlight.release();
                        if (failure == null) {
                            System.out.println("ACK " + n);
                        } else {
                            System.out.println("FAIL " + n + " " + failure);
                        }
                    });
        }
    }
}
