package mechos.kernel.internal.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.SafetyState;
import mechos.kernel.api.SafetyTransition;

/**
 * Keeps a latched e-stop across kernel restarts (a configuration change of a kernel dependency, a bundle update,
 * a process restart or power cycle): while the file exists the kernel starts ESTOP_LATCHED and only an operator
 * reset clears it. Written from a bus subscriber or at deactivation, never from the safety tick. Failures are
 * logged, never thrown; an unreadable file counts as latched (fail safe).
 */
final class EStopLatchFile {
    private static final Logger LOG = LoggerFactory.getLogger(EStopLatchFile.class);
    /** Prefix of the reason of a latch restored at start; not written back, so restarts do not nest it. */
    static final String RESTORED = "e-stop latched before the kernel restarted, reset to clear: ";
    private final Path file;

    /** @param file where the latch is kept, or null to keep it in memory only */
    EStopLatchFile(Path file) {
        this.file = file;
    }

    /** @return the reason of a latch that survived a restart, or null when there is none */
    String read() {
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

    /** Follows the safety state: written when the e-stop latches, removed when a reset clears it. */
    void onTransition(SafetyTransition t) {
        if (t.to() == SafetyState.ESTOP_LATCHED) {
            write(t.reason());
        } else if (t.from() == SafetyState.ESTOP_LATCHED) {
            clear();
        }
    }

    void write(String reason) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            String original = reason == null ? "" : reason.startsWith(RESTORED) ? reason.substring(RESTORED.length())
                    : reason;
            Files.writeString(tmp, original, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot persist the e-stop latch to {}; it holds until reset but not across a restart", file,
                    e);
        }
    }

    void clear() {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot remove the e-stop latch file {}; the e-stop will be latched after a restart", file, e);
        }
    }
}
