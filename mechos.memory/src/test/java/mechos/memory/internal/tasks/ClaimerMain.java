package mechos.memory.internal.tasks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import mechos.memory.api.Task;
import mechos.memory.internal.store.SqliteStore;
import mechos.memory.internal.store.StoreOptions;

/** Child process of {@link TwoProcessClaimTest}: claims every listed task once the parent says GO. */
public final class ClaimerMain {
    private ClaimerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        String claimant = args[1];
        List<String> ids = Files.readAllLines(Path.of(args[2]));
        SqliteStore store = new SqliteStore(new StoreOptions(db, mechos.memory.internal.store.Synchronous.NORMAL,
                10_000, 30_000), Clock.systemUTC());
        store.open().get();
        SqliteTaskBoard board = new SqliteTaskBoard(store, Clock.systemUTC());
        System.out.println("READY " + store.health().status());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(in.readLine())) {
            return;
        }
        StringBuilder out = new StringBuilder();
        for (String id : ids) {
            Optional<Task> t = board.claim(id, claimant, Duration.ofMinutes(10)).get();
            if (t.isPresent()) {
                out.append("WON ").append(id).append('\n');
            }
        }
        System.out.print(out);
        System.out.println("DONE");
        System.out.flush();
        store.close();
    }
}
