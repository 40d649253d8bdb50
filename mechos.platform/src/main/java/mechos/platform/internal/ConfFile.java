package mechos.platform.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A {@code conf/*.cfg} file (Java properties, as FileInstall reads it) rewritten to hold given values: comments,
 * blank lines and the order of existing keys are kept, a changed key's line is replaced in place, a key no longer in
 * the values is dropped and a new key is appended. The file is replaced atomically (written next to the
 * {@code conf/} directory, not in it, so FileInstall never sees a half-written or temporary file).
 */
final class ConfFile {
    /** Keys that belong to Config Admin or FileInstall, never written into a file. */
    static final List<String> FRAMEWORK_KEYS = List.of("service.pid", "service.factoryPid", "service.bundleLocation",
            ConfigFilePersistence.FILENAME);

    private ConfFile() {
    }

    /**
     * @return the configuration's own properties as a {@code .cfg} file holds them (strings; arrays and collections
     *         comma-separated), framework keys left out, in key order
     */
    static Map<String, String> values(Dictionary<String, ?> properties) {
        Map<String, String> out = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!FRAMEWORK_KEYS.contains(key)) {
                out.put(key, text(properties.get(key)));
            }
        }
        return out;
    }

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

    /** @return the values a {@code .cfg} file holds (what FileInstall would read from it) */
    static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /**
     * Rewrites {@code file} to hold exactly {@code values}.
     *
     * @param scratchDir where the new content is written first; must be on the same file system as {@code file}
     * @return true if the file changed, false if it already held these values
     */
    static boolean write(Path file, Map<String, String> values, Path scratchDir) throws IOException {
        if (Files.isRegularFile(file) && read(file).equals(new TreeMap<>(values))) {
            return false;
        }
        List<String> old = Files.isRegularFile(file)
                ? Files.readAllLines(file, StandardCharsets.ISO_8859_1)
                : List.of();
        String content = render(old, values);
        Path tmp = Files.createTempFile(scratchDir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.ISO_8859_1);
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

    /** @return the new file content: {@code oldLines} with their property lines updated to {@code values} */
    static String render(List<String> oldLines, Map<String, String> values) {
        Map<String, String> pending = new LinkedHashMap<>(new TreeMap<>(values));
        List<String> out = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        List<String> physical = new ArrayList<>();
        for (String line : oldLines) {
            String trimmed = line.stripLeading();
            if (logical.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!"))) {
                out.add(line);
                continue;
            }
            physical.add(line);
            logical.append(line).append('\n');
            if (continues(line)) {
                continue;
            }
            String key = keyOf(logical.toString());
            if (key != null && pending.containsKey(key)) {
                out.add(entry(key, pending.remove(key)));
            } else if (key == null) {
                out.addAll(physical);
            }
            logical.setLength(0);
            physical.clear();
        }
        out.addAll(physical);
        pending.forEach((k, v) -> out.add(entry(k, v)));
        StringBuilder b = new StringBuilder();
        out.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    /** A line ending in an odd number of backslashes continues on the next line (java.util.Properties rules). */
    private static boolean continues(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static String keyOf(String logicalLine) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(logicalLine));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return p.isEmpty() ? null : p.stringPropertyNames().iterator().next();
    }

    /** @return {@code key=value} escaped as {@link Properties#store(java.io.OutputStream, String)} does (ASCII) */
    static String entry(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            p.store(bytes, null);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        for (String line : bytes.toString(StandardCharsets.ISO_8859_1).split("\\R")) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                return line;
            }
        }
        throw new IllegalStateException("Properties.store wrote no entry for " + key);
    }
}
