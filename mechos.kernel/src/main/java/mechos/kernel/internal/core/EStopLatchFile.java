package mechos.kernel.internal.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a latched e-stop across kernel restarts (a bundle reinstall, a process restart, a power cycle): while the
 * file exists the kernel starts ESTOP_LATCHED and only an operator reset clears it. The file lives in the run
 * directory ({@code <mechos.home>/state/estop-latched}), never in bundle storage, so uninstalling the kernel bundle
 * does not clear it. Writes are durable: the content is forced to disk, renamed into place atomically, and the
 * directory is forced too, so a rename or delete survives a power loss. Called only from the latch writer thread
 * (and once at start), never from the safety tick. An unreadable file counts as latched (fail safe).
 */
final class EStopLatchFile {
    private static final Logger LOG = LoggerFactory.getLogger(EStopLatchFile.class);
    /** Where the latch lives, relative to the run directory. */
    static final String RELATIVE_PATH = "state/estop-latched";
    /** Prefix of the reason of a latch restored at start; not written back, so restarts do not nest it. */
    static final String RESTORED = "e-stop latched before the kernel restarted, reset to clear: ";
    private final Path file;

    /** @param file where the latch is kept, or null to keep it in memory only */
    EStopLatchFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** @return the reason of a latch that survived a restart, or null when there is none */
    String read() {
        return read(file);
    }

    static String read(Path file) {
        if (file == null) {
            return null;
        }
        try {
            String reason = Files.readString(file, StandardCharsets.UTF_8).strip();
            return reason.isEmpty() ? "e-stop" : reason;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the e-stop latch file {}; treating the e-stop as latched", file, e);
            return "unreadable e-stop latch file " + file + ": " + e.getMessage();
        }
    }

    /**
     * Writes the latch durably.
     *
     * @return null when the latch is on disk (file and directory synced), else why not
     */
    String write(String reason) {
        if (file == null) {
            return "no latch file configured (in memory only)";
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            String original = reason == null ? "" : reason.startsWith(RESTORED) ? reason.substring(RESTORED.length())
                    : reason;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(original.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot persist the e-stop latch to {}; it holds until reset but not across a restart", file,
                    e);
            return "cannot persist the e-stop latch to " + file + ": " + e;
        }
    }

    /** @return null when the latch is gone from disk (directory synced), else why not */
    String clear() {
        if (file == null) {
            return null;
        }
        try {
            if (Files.deleteIfExists(file)) {
                forceDirectory(file.toAbsolutePath().getParent());
            }
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot remove the e-stop latch file {}; the e-stop will be latched after a restart", file, e);
            return "cannot remove the e-stop latch file " + file + ": " + e;
        }
    }

    /** Makes a rename or delete in {@code dir} durable (Linux: fsync on the directory). */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems (and Windows) cannot open a directory for sync; the file itself is synced.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            LOG.debug("directory {} cannot be synced on this file system", dir, e);
        }
    }
}
