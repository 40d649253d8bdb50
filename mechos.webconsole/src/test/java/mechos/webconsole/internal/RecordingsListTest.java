package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingsListTest {
    @Test
    void newestMcapFilesFirstOthersIgnored(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("mechos-a.mcap"), new byte[2048]);
        Files.setLastModifiedTime(dir.resolve("mechos-a.mcap"), FileTime.fromMillis(1_000));
        Files.write(dir.resolve("mechos-b.mcap"), new byte[10]);
        Files.setLastModifiedTime(dir.resolve("mechos-b.mcap"), FileTime.fromMillis(2_000));
        Files.writeString(dir.resolve("notes.txt"), "x");
        List<Map<String, Object>> r = StateView.recordings(dir);
        assertEquals(2, r.size());
        assertEquals("mechos-b.mcap", r.get(0).get("file"));
        assertEquals(2048L, r.get(1).get("bytes"));
        assertEquals(List.of(), StateView.recordings(dir.resolve("missing")));
    }
}
