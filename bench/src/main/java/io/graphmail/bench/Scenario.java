package io.graphmail.bench;

import java.util.List;

/**
 * One benchmark scenario: how many messages of what size a child sends on how many threads, and the CPU ratio
 * graphmail may reach against RAW (issue 8's targets).
 */
record Scenario(String name, String description, int count, int threads, int bodyBytes, int attachmentBytes,
                double cpuTarget) {
    static final int KIB = 1024;
    static final double RSS_TARGET = 1.10;

    static final List<Scenario> ALL = List.of(
        new Scenario("small-1t", "500 × 10 KiB, 1 thread", 500, 1, 10 * KIB, 0, 1.10),
        new Scenario("small-4t", "500 × 10 KiB, 4 threads", 500, 4, 10 * KIB, 0, 1.10),
        new Scenario("large-4t", "50 × 1 MiB attachment, 4 threads", 50, 4, 10 * KIB, KIB * KIB, 1.10),
        new Scenario("startup", "first message of a fresh JVM (1 × 10 KiB)", 1, 1, 10 * KIB, 0, 1.20));

    static Scenario named(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no scenario " + name + "; known: "
                + ALL.stream().map(Scenario::name).toList()));
    }
}
