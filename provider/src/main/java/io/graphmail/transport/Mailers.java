package io.graphmail.transport;

import io.graphmail.config.GraphSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link Mailer} per configuration for the whole class loader, so that every Session and thread with the same
 * settings shares one token cache and one set of mailbox limits (a token request per configuration, not per send).
 */
public final class Mailers {

    private static final ConcurrentHashMap<GraphSettings, Mailer> MAILERS = new ConcurrentHashMap<>();

    private Mailers() {
    }

    /** The shared Mailer for these settings, created on first use. */
    public static Mailer forSettings(GraphSettings settings) throws IOException {
        try {
            return MAILERS.computeIfAbsent(settings, s -> {
                try {
                    return new Mailer(s);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Forgets and closes every Mailer of this class loader: for a resource adapter that stops, since the provider
     * classes go with it, including the Mailers its applications' mail sessions made.
     */
    public static void closeAll() {
        for (GraphSettings settings : List.copyOf(MAILERS.keySet())) {
            remove(settings);
        }
    }

    /** Forgets and closes a configuration's Mailer. */
    public static void remove(GraphSettings settings) {
        Mailer m = MAILERS.remove(settings);
        if (m != null) {
            m.close();
        }
    }
}
