package io.graphmail.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A few lines saying what the figures were measured on, since ratios depend on the machine. */
final class Environment {
    private Environment() {
    }

    static String describe(List<String> childFlags) {
        return "- machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
            + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
            + "\n- java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + "\n- child JVM flags (graphmail and RAW alike): " + String.join(" ", childFlags) + "\n";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
