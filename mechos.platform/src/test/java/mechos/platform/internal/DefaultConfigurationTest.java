package mechos.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultConfigurationTest {
    @TempDir
    Path tmp;

    @Test
    void seedsMissingFilesAndNeverOverwritesTheOperatorsEdits() throws Exception {
        Path shipped = Files.createDirectories(tmp.resolve("shipped"));
        Files.writeString(shipped.resolve("a.cfg"), "x=1\n");
        Files.writeString(shipped.resolve("b.cfg"), "y=2\n");
        Path conf = tmp.resolve("home/conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("b.cfg"), "y=operator\n");

        List<URL> entries = List.of(shipped.resolve("a.cfg").toUri().toURL(), shipped.resolve("b.cfg").toUri().toURL());
        List<Path> written = DefaultConfiguration.seed(entries, conf);

        assertEquals(List.of(conf.resolve("a.cfg")), written);
        assertEquals("x=1\n", Files.readString(conf.resolve("a.cfg")));
        assertEquals("y=operator\n", Files.readString(conf.resolve("b.cfg")));
        assertEquals(List.of(), DefaultConfiguration.seed(entries, conf), "second start writes nothing");
    }
}
