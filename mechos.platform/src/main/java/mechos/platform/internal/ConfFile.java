package mechos.platform.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.apache.felix.fileinstall.shaded.util.properties.TypedProperties;

/**
 * A {@code conf/*.cfg} file read and written exactly as FileInstall reads and writes it (FileInstall's own
 * {@code TypedProperties}, embedded from its jar): a file whose every value is typed ({@code max_linear = D"0.4"})
 * reads to typed values, any other file to strings. Comments, blank lines and the order of existing keys are kept;
 * only changed keys are replaced, a key no longer in the values is dropped, a new one is appended. The new content is
 * read back before it replaces the file: it must give exactly the values to be persisted (FileInstall's next scan then
 * finds file and Config Admin equal and applies nothing). The file is replaced atomically (written next to the
 * {@code conf/} directory, not in it, so FileInstall never sees a half-written or temporary file).
 */
final class ConfFile {
    /** Keys that belong to Config Admin or FileInstall, never written into a file. */
    static final List<String> FRAMEWORK_KEYS = List.of("service.pid", "service.factoryPid", "service.bundleLocation",
            ConfigFilePersistence.FILENAME);
    /** FileInstall's encoding of {@code .cfg} files ({@code felix.fileinstall.configEncoding} default). */
    private static final java.nio.charset.Charset ENCODING = StandardCharsets.ISO_8859_1;

    private ConfFile() {
    }

    /** @return the configuration's own properties (as typed in Config Admin), framework keys left out, in key order */
    static Map<String, Object> values(Dictionary<String, ?> properties) {
        Map<String, Object> out = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!FRAMEWORK_KEYS.contains(key)) {
                out.put(key, properties.get(key));
            }
        }
        return out;
    }

    /** @return a value as one line of text (arrays and collections comma-separated), for log lines */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value.getClass().isArray()) {
            StringJoiner j = new StringJoiner(",");
            for (int i = 0; i < Array.getLength(value); i++) {
                j.add(String.valueOf(Array.get(value, i)));
            }
            return j.toString();
        }
        if (value instanceof Collection<?> c) {
            StringJoiner j = new StringJoiner(",");
            c.forEach(v -> j.add(String.valueOf(v)));
            return j.toString();
        }
        return String.valueOf(value);
    }

    /** @return the values the file holds, as FileInstall reads them ({@code ${...}} expanded by {@code substitution}) */
    static Map<String, Object> read(Path file, TypedProperties.SubstitutionCallback substitution) throws IOException {
        return read(Files.readString(file, ENCODING), substitution);
    }

    static Map<String, Object> read(String content, TypedProperties.SubstitutionCallback substitution)
            throws IOException {
        TypedProperties p = substitution != null ? new TypedProperties(substitution) : new TypedProperties(false);
        try {
            p.load(new StringReader(content));
            Map<String, Object> out = new TreeMap<>();
            for (String k : p.keySet()) {
                out.put(k, p.get(k));
            }
            return out;
        } catch (RuntimeException e) {
            throw new IOException("not readable as FileInstall reads it: " + e, e);
        }
    }

    /** @return true if both hold the same keys with equal values (arrays compared by content) */
    static boolean same(Map<String, ?> a, Map<String, ?> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, ?> e : a.entrySet()) {
            if (!Objects.deepEquals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rewrites {@code file} to hold exactly {@code values}.
     *
     * @param scratchDir where the new content is written first; must be on the same file system as {@code file}
     * @return true if the file changed, false if it already held these values
     * @throws IOException if the file cannot be read or written, or if the values cannot be written so that
     *                     FileInstall reads them back unchanged (e.g. an infinite number: FileInstall cannot read
     *                     {@code D"Infinity"} back); the file is then left as it was
     */
    static boolean write(Path file, Map<String, Object> values, Path scratchDir,
            TypedProperties.SubstitutionCallback substitution) throws IOException {
        String old = Files.isRegularFile(file) ? Files.readString(file, ENCODING) : "";
        if (!old.isEmpty() && same(read(old, substitution), values)) {
            return false;
        }
        String content = render(old, values, false);
        Map<String, Object> back = readBack(content, substitution);
        if (!same(back, values)) {
            // a plain file cannot hold every string (e.g. a leading space): the typed syntax quotes them
            content = render(old, values, true);
            back = readBack(content, substitution);
        }
        if (!same(back, values)) {
            throw new IOException("the values cannot be written so that FileInstall reads them back unchanged: "
                    + difference(values, back));
        }
        Path tmp = Files.createTempFile(scratchDir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, ENCODING);
            keepPermissions(file, tmp, values.keySet().stream().anyMatch(k -> k.startsWith(".")));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    private static Map<String, Object> readBack(String content, TypedProperties.SubstitutionCallback substitution)
            throws IOException {
        try {
            return read(content, substitution);
        } catch (IOException e) {
            throw new IOException("the values cannot be written so that FileInstall reads them back ("
                    + e.getMessage() + ")", e);
        }
    }

    private static String difference(Map<String, Object> wanted, Map<String, Object> got) {
        StringJoiner j = new StringJoiner("; ");
        wanted.forEach((k, v) -> {
            if (!Objects.deepEquals(v, got.get(k))) {
                j.add(k + "=" + text(v) + " reads back as " + (got.containsKey(k) ? text(got.get(k)) : "nothing"));
            }
        });
        return j.toString();
    }

    /**
     * The new file keeps the old one's POSIX permissions; one that holds a private ({@code .}-prefixed, e.g. an API
     * key) property is owner-only. Without POSIX permissions (another file system) the defaults stay.
     */
    private static void keepPermissions(Path file, Path tmp, boolean secret) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.isRegularFile(file)
                ? EnumSet.copyOf(Files.getPosixFilePermissions(file))
                : EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        if (secret) {
            perms.retainAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        Files.setPosixFilePermissions(tmp, perms);
    }

    /**
     * @return {@code old} (a file's content) with its values changed to {@code values}, as FileInstall writes it:
     *         a String into a file of strings stays plain ({@code key = value}); any other type makes the whole file
     *         typed ({@code key = D"0.4"}, strings quoted), because FileInstall reads a file as typed only if all
     *         of its values are
     * @param typed    true to write the typed syntax even for strings ({@code key = "value"})
     */
    static String render(String old, Map<String, Object> values, boolean typed) throws IOException {
        TypedProperties p = new TypedProperties(false);
        try {
            p.load(new StringReader(old));
            if (typed) {
                // TypedProperties turns the whole file typed when it is given a non-String value
                String probe = "mechos.typed.probe";
                p.put(probe, Boolean.TRUE);
                p.remove(probe);
            }
            for (String k : new ArrayList<>(p.keySet())) {
                if (!values.containsKey(k)) {
                    p.remove(k);
                }
            }
            for (Map.Entry<String, Object> e : new TreeMap<>(values).entrySet()) {
                if (!p.containsKey(e.getKey()) || !Objects.deepEquals(p.get(e.getKey()), e.getValue())) {
                    p.put(e.getKey(), e.getValue());
                }
            }
            StringWriter out = new StringWriter();
            p.save(out);
            return latin1(out.toString());
        } catch (RuntimeException e) {
            throw new IOException("cannot render the file: " + e, e);
        }
    }

    /** Characters the file's encoding cannot hold become a backslash-u escape (both of FileInstall's readers decode it). */
    private static String latin1(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.chars().forEach(c -> {
            if (c > 0xff) {
                b.append(String.format("\\u%04X", c));
            } else {
                b.append((char) c);
            }
        });
        return b.toString();
    }
}
