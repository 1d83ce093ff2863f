package io.graphmail.auth;

import java.nio.file.Path;
import java.time.Instant;

/** A second JVM for {@link TokenCacheFileTest}: rotates the refresh token in a shared cache file N times. */
public final class CacheWriterChild {

    public static void main(String[] args) {
        bump(Path.of(args[0]), args[1], Integer.parseInt(args[2]));
    }

    static void bump(Path file, String password, int times) {
        TokenCacheFile f = new TokenCacheFile(file, password);
        for (int i = 0; i < times; i++) {
            try {
                f.update((current, store) -> {
                    store.accept(current.refreshed("rt-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId()
                            + "-" + current.generation(), Instant.now()));
                    return null;
                });
            } catch (TokenException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
