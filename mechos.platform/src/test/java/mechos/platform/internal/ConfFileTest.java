package mechos.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfFileTest {
    @TempDir
    Path tmp;

    @Test
    void keepsCommentsAndOrderReplacesChangedLinesDropsRemovedKeysAppendsNewOnes() {
        List<String> old = List.of("# speed caps", "max_linear=0.5", "", "! old style comment", "max_angular = 1.5",
                "gone=1", "long=a,\\", "  b");
        String out = ConfFile.render(old, Map.of("max_linear", "0.4", "max_angular", "1.5", "long", "a,b",
                "added", "x y"));
        assertEquals("# speed caps\nmax_linear=0.4\n\n! old style comment\nmax_angular=1.5\nlong=a,b\nadded=x y\n",
                out);
    }

    @Test
    void escapesWhatPropertiesFilesCannotHoldVerbatim() throws Exception {
        Path file = tmp.resolve("conf/x.cfg");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "a=1\n");
        Map<String, String> values = Map.of("a", "C:\\dir", "b", " leading space", "c", "caf\u00e9 #1", "d=e", "f");
        assertTrue(ConfFile.write(file, values, tmp));
        assertEquals(values, ConfFile.read(file), "reads back exactly what was written");
        assertTrue(Files.readString(file).chars().allMatch(ch -> ch < 128), "ASCII only");
    }

    @Test
    void writesAtomicallyOutsideTheWatchedDirectoryAndNotAtAllWhenNothingChanged() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Path file = conf.resolve("mechos.kernel.rule.speed.cfg");
        Files.writeString(file, "# caps\nmax_linear=0.5\n");
        assertTrue(ConfFile.write(file, Map.of("max_linear", "0.4"), tmp));
        assertEquals("# caps\nmax_linear=0.4\n", Files.readString(file));
        try (var listing = Files.list(conf)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left in conf/");
        }
        try (var listing = Files.list(tmp)) {
            assertEquals(1, listing.count(), "no temporary file left next to conf/");
        }
        long modified = Files.getLastModifiedTime(file).toMillis();
        assertFalse(ConfFile.write(file, Map.of("max_linear", "0.4"), tmp), "same values: not rewritten");
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
    }

    @Test
    void valuesLeaveOutFrameworkKeysAndFlattenArrays() {
        Hashtable<String, Object> d = new Hashtable<>();
        d.put("service.pid", "p");
        d.put("service.factoryPid", "f");
        d.put("felix.fileinstall.filename", "file:/x.cfg");
        d.put("max_linear", 0.4);
        d.put("topics", new String[] {"a", "b"});
        d.put("ids", List.of(1, 2));
        d.put("on", Boolean.TRUE);
        assertEquals(Map.of("max_linear", "0.4", "topics", "a,b", "ids", "1,2", "on", "true"), ConfFile.values(d));
    }

    @Test
    void keepsTheFilesPermissionsAndMakesAFileWithAPrivateKeyOwnerOnly() throws Exception {
        Path file = Files.createDirectories(tmp.resolve("conf")).resolve("mechos.runtime.llm.openai.cfg");
        Files.writeString(file, "model=m\n");
        java.util.Set<java.nio.file.attribute.PosixFilePermission> rwr = java.nio.file.attribute.PosixFilePermissions
                .fromString("rw-r--r--");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.getFileStore(file).supportsFileAttributeView("posix"), "POSIX permissions");
        Files.setPosixFilePermissions(file, rwr);
        ConfFile.write(file, Map.of("model", "n"), tmp);
        assertEquals(rwr, Files.getPosixFilePermissions(file), "permissions kept");
        ConfFile.write(file, Map.of("model", "n", ".api_key", "sk-secret"), tmp);
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(file), "a file holding a private key is owner-only");
    }
}
