package io.graphmail.it.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The JDK a server runs on. Java 17 servers use the JDK that runs the tests; servers that need Java 21 or later use
 * the JDK the build names in system property it.jdk21 (the parent pom: /usr/lib/jvm/temurin-25-jdk-amd64). Where that
 * JDK is missing the suite is skipped with the reason, never passed.
 */
final class Jdks {

    private Jdks() {
    }

    static Path java17() {
        return Path.of(System.getProperty("java.home"));
    }

    static Path java21OrLater() {
        String configured = System.getProperty("it.jdk21", "");
        Path home = Path.of(configured);
        Assumptions.assumeTrue(!configured.isEmpty() && Files.isExecutable(home.resolve("bin/java")),
            "this server needs Java 21 or later and there is no JDK at '" + configured
                + "' (set -Dit.jdk21=<JDK 21+ home>)");
        return home;
    }
}
