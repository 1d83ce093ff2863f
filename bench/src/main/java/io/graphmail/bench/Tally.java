package io.graphmail.bench;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts by name, largest first. */
final class Tally {
    private final Map<String, Long> counts = new HashMap<>();

    void add(String key, long amount) {
        counts.merge(key, amount, Long::sum);
    }

    long get(String key) {
        return counts.getOrDefault(key, 0L);
    }

    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    List<Map.Entry<String, Long>> top(int n) {
        return counts.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
            .limit(n).toList();
    }

    java.util.Set<String> keys() {
        return counts.keySet();
    }
}
