package io.graphmail.jca;

import io.graphmail.auth.TokenException;
import io.graphmail.config.GraphSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * What the background refresher remembers of configurations whose token it could not renew: it tries such a
 * configuration again after 1, 2, 4 … at most 60 minutes instead of every minute (a deleted secret would otherwise
 * cost a token request and a log line each minute for as long as the server holds the old factory), and it logs a
 * failure once, not again until it changes. Sends are not affected: they ask for a token themselves.
 */
final class RefreshFailures {

    private static final long MAX_BACKOFF_MINUTES = 60;
    /*
     * The retry time is taken after the failed request, and the next timer tick comes a period after the start of
     * this one, i.e. a little earlier: without slack every back-off would last one tick longer (seen on Open Liberty:
     * 2, 3 ... minutes instead of 1, 2 ...). Half the refresh period absorbs it.
     */
    private static final long SLACK_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Correlation and trace ids differ in every answer: a failure is the same when only they differ. */
    private static final Pattern IDS = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\\d{4}-\\d\\d-\\d\\d[ T][\\d:.]+Z?");

    private record Failure(String fingerprint, int count, long retryAtNanos) {
    }

    private final Map<GraphSettings, Failure> failures = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    RefreshFailures(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Whether to try this configuration now: always, unless it failed and its back-off has not run out. */
    boolean due(GraphSettings settings) {
        Failure f = failures.get(settings);
        return f == null || nanoTime.getAsLong() - f.retryAtNanos() >= 0;
    }

    /** @return whether the configuration had failed before (it has recovered) */
    boolean succeeded(GraphSettings settings) {
        return failures.remove(settings) != null;
    }

    /** @return whether this failure is new for the configuration, and so worth a line in the log */
    boolean failed(GraphSettings settings, Exception e) {
        String fingerprint = fingerprint(e);
        Failure before = failures.get(settings);
        int count = before == null ? 1 : before.count() + 1;
        long minutes = Math.min(MAX_BACKOFF_MINUTES, 1L << Math.min(count - 1, 6));
        failures.put(settings, new Failure(fingerprint, count,
                nanoTime.getAsLong() + TimeUnit.MINUTES.toNanos(minutes) - SLACK_NANOS));
        return before == null || !before.fingerprint().equals(fingerprint);
    }

    /** Forgets configurations no live factory has any more (they hold an old secret). */
    void retainOnly(java.util.Set<GraphSettings> live) {
        failures.keySet().retainAll(live);
    }

    void clear() {
        failures.clear();
    }

    private static String fingerprint(Exception e) {
        if (e instanceof TokenException && ((TokenException) e).errorCode() != null) {
            return ((TokenException) e).errorCode();
        }
        return IDS.matcher(String.valueOf(e.getMessage())).replaceAll("");
    }
}
