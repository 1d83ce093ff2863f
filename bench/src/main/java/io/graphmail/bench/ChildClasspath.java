package io.graphmail.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The class path of a measured child: the bench's child jar (the same classes, without the Class-Path manifest that
 * would drag the sandbox in) and the jars Maven listed for its variant at build time ({@code graphmail.classpath},
 * {@code raw.classpath}), from {@code lib/}. Each child has what its kind of application ships and nothing else:
 * Jakarta Mail scans every jar for provider files and instantiates every provider it finds, so a jar too many costs
 * CPU. The sandbox and BouncyCastle are on neither.
 */
final class ChildClasspath {
    private ChildClasspath() {
    }

    static String resolve(Variant variant) throws IOException {
        Path benchJar;
        try {
            benchJar = Path.of(ChildClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (!Files.isRegularFile(benchJar)) {
            throw new IOException("run the bench from its jar (java -jar bench/target/graphmail-bench.jar), not from "
                + benchJar);
        }
        Path dir = benchJar.getParent();
        Path childJar = dir.resolve("graphmail-bench-child.jar");
        List<String> entries = new ArrayList<>();
        entries.add(childJar.toString());
        String list = variant.name().toLowerCase(Locale.ROOT) + ".classpath";
        try (InputStream in = ChildClasspath.class.getResourceAsStream(list)) {
            if (in == null) {
                throw new IOException(list + " is missing from " + benchJar + ": rebuild the bench");
            }
            for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
                entries.add(dir.resolve(entry.trim()).toString());
            }
        }
        for (String e : entries) {
            if (!Files.isRegularFile(Path.of(e))) {
                throw new IOException("missing " + e + ": rebuild the bench");
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
