package mechos.memory.internal.mcap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How a writer makes bytes durable on the device (power loss, not only a process crash). One place, so the promise
 * in the README ("with {@code fsync=true} every acknowledged chunk survives a power loss") is what the code does,
 * and so a test can model a power loss: only what was forced survives.
 */
public interface FileSync {
    /** Forces the file's data (and the metadata needed to read it back, e.g. its size) to the device. */
    void force(FileChannel file) throws IOException;

    /** Makes a creation, rename or deletion in {@code directory} durable (Linux: fsync of the directory). */
    void syncDirectory(Path directory) throws IOException;

    /** The operating system's: {@code fdatasync} of the file, {@code fsync} of the directory. */
    FileSync OS = new FileSync() {
        @Override
        public void force(FileChannel file) throws IOException {
            file.force(false);
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                    return; // Windows cannot open a directory as a channel; NTFS journals the entry itself
                }
                throw e;
            }
        }
    };
}
