package mechos.itest.hotswap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;

/**
 * Makes "a new version" of an installed bundle for the update test: a copy of its jar (the one run.jar ships) with
 * the manifest's Bundle-Version bumped. Same code, new version, the way a field update arrives.
 */
final class BundleVersions {
    private BundleVersions() {
    }

    /** @return the new jar under {@code dir} */
    static Path bumped(Bundle bundle, String newVersion, Path dir) throws IOException {
        Path source = Paths.get(URI.create(bundle.getLocation()));
        Files.createDirectories(dir);
        Path target = dir.resolve(bundle.getSymbolicName() + "-" + newVersion + ".jar");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source))) {
            Manifest mf = new Manifest(in.getManifest());
            mf.getMainAttributes().put(new Attributes.Name("Bundle-Version"), newVersion);
            try (OutputStream os = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(os, mf)) {
                JarEntry e;
                while ((e = in.getNextJarEntry()) != null) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    static InputStream open(Path jar) throws IOException {
        return Files.newInputStream(jar);
    }
}
