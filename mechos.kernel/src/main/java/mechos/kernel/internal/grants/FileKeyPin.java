package mechos.kernel.internal.grants;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** The pin as a one-line file; used outside OSGi (unit tests, benchmarks), where there is no Config Admin. */
final class FileKeyPin implements KeyPin {
    private final Path file;

    FileKeyPin(Path file) {
        this.file = file;
    }

    @Override
    public Optional<String> read() throws GrantException {
        try {
            String s = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new GrantException("the development key pin " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String fingerprint) throws GrantException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, fingerprint + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new GrantException("the development key pin " + file + " cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "pin file " + file;
    }
}
