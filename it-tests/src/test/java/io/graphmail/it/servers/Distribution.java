package io.graphmail.it.servers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A fresh copy of a server: its distribution zip (copied from the local Maven repository by the build) unpacked
 * into an emptied directory under target/, so that nothing of an earlier run is left in it.
 */
final class Distribution {

    private Distribution() {
    }

    /**
     * @param zip  the distribution
     * @param into emptied first, then the zip's content
     * @return the zip's single top-level directory (the server's home)
     */
    static Path freshCopy(Path zip, Path into) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IOException(zip + " is missing: the build copies it from the local Maven repository");
        }
        delete(into);
        Files.createDirectories(into);
        Path root = into.toRealPath();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                // zip entries carry no Unix modes here: the launch scripts must be executable
                if (entry.getName().contains("/bin/")) {
                    target.toFile().setExecutable(true, false);
                }
            }
        }
        try (Stream<Path> top = Files.list(root)) {
            return top.filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new IOException(zip + " has no top-level directory"));
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
