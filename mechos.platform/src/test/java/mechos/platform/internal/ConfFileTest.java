package mechos.platform.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.fileinstall.shaded.util.properties.TypedProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfFileTest {
    @TempDir
    Path tmp;

    /** What FileInstall 3.7.4's ConfigInstaller.setConfig reads from a .cfg file (its own class, not ours). */
    private static Map<String, Object> fileInstallReads(String content) throws IOException {
        TypedProperties p = new TypedProperties(false);
        p.load(new StringReader(content));
        Map<String, Object> out = new TreeMap<>();
        p.keySet().forEach(k -> out.put(k, p.get(k)));
        return out;
    }

    @Test
    void stringsKeepAPlainFileWithItsCommentsOrderAndUntouchedLines() throws Exception {
        String old = "# speed caps\nmax_linear=0.5\n\n! old style comment\nmax_angular =  1.5\ngone=1\n";
        String out = ConfFile.render(old, Map.of("max_linear", "0.4", "max_angular", "1.5", "added", "x y"), false);
        assertEquals("# speed caps\nmax_linear = 0.4\n\n! old style comment\nmax_angular =  1.5\nadded = x y\n", out);
        assertEquals(Map.of("max_linear", "0.4", "max_angular", "1.5", "added", "x y"), fileInstallReads(out));
    }

    @Test
    void typedValuesMakeATypedFileThatFileInstallReadsBackToTheSameTypes() throws Exception {
        String old = "# speed caps\nmax_linear=0.5\nmax_angular=1.5\nname=base\n";
        Map<String, Object> values = Map.of("max_linear", 0.4, "max_angular", 1.5, "name", "base",
                "count", 3, "on", true, "topics", new String[] {"a", "b\"c"});
        String out = ConfFile.render(old, values, false);
        assertTrue(out.startsWith("# speed caps\nmax_linear = D\"0.4\"\n"), out);
        Map<String, Object> back = fileInstallReads(out);
        assertEquals(0.4, back.get("max_linear"));
        assertEquals(1.5, back.get("max_angular"));
        assertEquals("base", back.get("name"));
        assertEquals(3, back.get("count"));
        assertEquals(true, back.get("on"));
        assertArrayEquals(new String[] {"a", "b\"c"}, (String[]) back.get("topics"));
        assertTrue(ConfFile.same(values, back));
        assertTrue(ConfFile.same(values, ConfFile.read(out, null)), "our reader is FileInstall's");
    }

    @Test
    void escapesWhatTheFileCannotHoldVerbatim() throws Exception {
        Path file = tmp.resolve("conf/x.cfg");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "a=1\n");
        Map<String, Object> values = Map.of("a", "C:\\dir", "b", " leading space", "c", "caf\u00e9 #1 \u20ac", "d=e",
                "f");
        assertTrue(ConfFile.write(file, values, tmp, null));
        assertEquals(values, fileInstallReads(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)));
        Map<String, Object> typed = Map.of("a", "caf\u00e9 \u20ac\n", "n", 2L);
        assertTrue(ConfFile.write(file, typed, tmp, null));
        assertTrue(ConfFile.same(typed,
                fileInstallReads(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))));
    }

    @Test
    void aValueFileInstallCouldNotReadBackIsNotWrittenAndTheFileStays() throws Exception {
        Path file = Files.createDirectories(tmp.resolve("conf")).resolve("p.cfg");
        Files.writeString(file, "max_linear=0.5\n");
        // FileInstall writes D"Infinity" but cannot read it back (it parses a number without '.' as raw bits)
        IOException e = assertThrows(IOException.class,
                () -> ConfFile.write(file, Map.of("max_linear", Double.POSITIVE_INFINITY), tmp, null));
        assertTrue(e.getMessage().contains("FileInstall"), e.getMessage());
        assertEquals("max_linear=0.5\n", Files.readString(file));
    }

    @Test
    void writesAtomicallyOutsideTheWatchedDirectoryAndNotAtAllWhenNothingChanged() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Path file = conf.resolve("mechos.kernel.rule.speed.cfg");
        Files.writeString(file, "# caps\nmax_linear=0.5\n");
        assertTrue(ConfFile.write(file, Map.of("max_linear", 0.4), tmp, null));
        assertEquals("# caps\nmax_linear = D\"0.4\"\n", Files.readString(file));
        try (var listing = Files.list(conf)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left in conf/");
        }
        try (var listing = Files.list(tmp)) {
            assertEquals(1, listing.count(), "no temporary file left next to conf/");
        }
        long modified = Files.getLastModifiedTime(file).toMillis();
        assertFalse(ConfFile.write(file, Map.of("max_linear", 0.4), tmp, null), "same values: not rewritten");
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
    }

    @Test
    void valuesLeaveOutFrameworkKeysAndKeepTypes() {
        Hashtable<String, Object> d = new Hashtable<>();
        d.put("service.pid", "p");
        d.put("service.factoryPid", "f");
        d.put("felix.fileinstall.filename", "file:/x.cfg");
        d.put("max_linear", 0.4);
        d.put("on", Boolean.TRUE);
        assertEquals(Map.of("max_linear", 0.4, "on", true), ConfFile.values(d));
        assertEquals("a,b", ConfFile.text(new String[] {"a", "b"}));
        assertEquals("1,2", ConfFile.text(List.of(1, 2)));
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
        ConfFile.write(file, Map.of("model", "n"), tmp, null);
        assertEquals(rwr, Files.getPosixFilePermissions(file), "permissions kept");
        ConfFile.write(file, Map.of("model", "n", ".api_key", "sk-secret"), tmp, null);
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(file), "a file holding a private key is owner-only");
    }
}
