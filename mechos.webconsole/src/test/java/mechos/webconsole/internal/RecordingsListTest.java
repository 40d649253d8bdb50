package mechos.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import mechos.memory.api.RecordingFile;

class RecordingsListTest {
    @Test
    void recorderListingIsShownByFileNameSizeAndTime() {
        List<Map<String, Object>> r = StateView.recordings(List.of(
                new RecordingFile(Path.of("/run/recordings/mechos-b.mcap"), 10, 2_000),
                new RecordingFile(Path.of("/run/recordings/mechos-a.mcap"), 2048, 1_000)));
        assertEquals(2, r.size());
        assertEquals("mechos-b.mcap", r.get(0).get("file"), "order kept: the recorder lists newest first");
        assertEquals(2048L, r.get(1).get("bytes"));
        assertEquals(1_000L, r.get(1).get("modified"));
        assertEquals(List.of(), StateView.recordings(List.of()));
    }
}
