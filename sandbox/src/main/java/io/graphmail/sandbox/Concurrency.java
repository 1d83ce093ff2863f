package io.graphmail.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Graph's mailbox concurrency limit (contract §4: 4 requests in flight per app and mailbox, else 429
 * ApplicationThrottled) and the peak-in-flight statistics tests assert on.
 */
final class Concurrency {
    private final Map<String, AtomicInteger> perAppMailbox = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perMailbox = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> peaks = new ConcurrentHashMap<>();

    /** @return false (nothing counted) when the app already has {@code limit} requests in flight for the mailbox */
    boolean tryEnter(String clientId, String mailbox, int limit) {
        AtomicInteger slot = perAppMailbox.computeIfAbsent(clientId + "|" + mailbox, k -> new AtomicInteger());
        if (slot.incrementAndGet() > limit) {
            slot.decrementAndGet();
            return false;
        }
        int now = perMailbox.computeIfAbsent(mailbox, k -> new AtomicInteger()).incrementAndGet();
        peaks.computeIfAbsent(mailbox, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        return true;
    }

    void exit(String clientId, String mailbox) {
        perMailbox.get(mailbox).decrementAndGet();
        perAppMailbox.get(clientId + "|" + mailbox).decrementAndGet();
    }

    int peak(String mailbox) {
        AtomicInteger p = peaks.get(mailbox);
        return p == null ? 0 : p.get();
    }

    int peak() {
        return peaks.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    Map<String, Integer> peaks() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        peaks.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    void resetPeaks() {
        peaks.clear();
    }
}
