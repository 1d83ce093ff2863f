package io.graphmail.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The java.net.http clients configurations use for both token and Graph requests: one per trust store and connect
 * timeout, shared by every configuration that has the same, since each client keeps a selector thread for its life.
 * An application that sends for many tenants (a Session per customer) would otherwise hold a thread per tenant.
 */
public final class HttpClients {

    private static final Map<Key, Shared> SHARED = new HashMap<>();   // guarded by HttpClients.class

    private HttpClients() {
    }

    /**
     * A use of a shared client; closing the last use of a client stops its threads.
     */
    public static final class Lease implements AutoCloseable {
        private final Key key;
        private volatile Shared shared;   // null once closed: nothing holding the lease keeps the client reachable
        private boolean closed;   // guarded by HttpClients.class

        private Lease(Key key, Shared shared) {
            this.key = key;
            this.shared = shared;
        }

        /**
         * @return the client, valid until this lease is closed
         * @throws IllegalStateException once the lease is closed
         */
        public java.net.http.HttpClient client() {
            Shared s = shared;
            if (s == null) {
                throw new IllegalStateException("graphmail's HTTP client for this configuration was released");
            }
            return s.client;
        }

        @Override
        public void close() {
            synchronized (HttpClients.class) {
                if (closed) {
                    return;
                }
                closed = true;
                Shared s = shared;
                shared = null;   // a Mailer a server still holds after undeployment no longer holds the client
                if (--s.leases == 0) {
                    SHARED.remove(key);
                    s.stop();
                }
            }
        }
    }

    /**
     * Leases the client for this trust store and connect timeout, creating it on first use.
     *
     * @param truststore a PKCS#12 (or JKS) trust store to trust instead of the JVM's, or null for the JVM's
     * @param property   the property that named the trust store, for error messages
     * @throws IOException when the trust store cannot be read
     */
    public static Lease lease(Path truststore, String password, Duration connectTimeout, String property)
            throws IOException {
        Key key = new Key(truststore, password, connectTimeout);
        synchronized (HttpClients.class) {
            Shared shared = SHARED.get(key);
            if (shared == null) {
                ExecutorService threads = executor();
                shared = new Shared(create(truststore, password, connectTimeout, property, threads), threads);
                SHARED.put(key, shared);
            }
            shared.leases++;
            return new Lease(key, shared);
        }
    }

    /** How many shared clients are alive: one per distinct trust store and connect timeout in use. */
    public static int shared() {
        synchronized (HttpClients.class) {
            return SHARED.size();
        }
    }

    private static final class Shared {
        final java.net.http.HttpClient client;
        final ExecutorService threads;
        int leases;

        Shared(java.net.http.HttpClient client, ExecutorService threads) {
            this.client = client;
            this.threads = threads;
        }

        /** Worker threads end now; the selector thread on Java 21+ now, on 17 once the client is unreachable. */
        void stop() {
            threads.shutdown();
            if (client instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) client).close();
                } catch (Exception ignored) {
                    // best effort: the client is dropped either way
                }
            }
        }
    }

    /** What makes two clients interchangeable. No toString: it holds the trust store password. */
    private static final class Key {
        private final Path truststore;
        private final String password;
        private final Duration connectTimeout;

        Key(Path truststore, String password, Duration connectTimeout) {
            this.truststore = truststore == null ? null : truststore.toAbsolutePath().normalize();
            this.password = password;
            this.connectTimeout = connectTimeout;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Objects.equals(truststore, ((Key) o).truststore)
                    && Objects.equals(password, ((Key) o).password)
                    && connectTimeout.equals(((Key) o).connectTimeout);
        }

        @Override
        public int hashCode() {
            return Objects.hash(truststore, connectTimeout);
        }
    }

    /**
     * @param truststore a PKCS#12 (or JKS) trust store to trust instead of the JVM's, or null for the JVM's
     * @param property   the property that named the trust store, for error messages
     * @param executor   runs the client's asynchronous work; see {@link #executor()}
     */
    static java.net.http.HttpClient create(Path truststore, String password, Duration connectTimeout,
                                                  String property, ExecutorService executor) throws IOException {
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(connectTimeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER);
        if (truststore != null) {
            b.sslContext(sslContext(truststore, password, property));
        }
        return b.build();
    }

    /**
     * The client's worker threads. The JDK's default pool keeps idle threads for a minute and cannot be stopped on
     * Java 17, so a redeployed resource adapter would leave them behind; these are daemon threads named
     * {@code graphmail-http-N}, recognisable in a thread dump, and end when their owner shuts the pool down.
     */
    static ExecutorService executor() {
        AtomicInteger n = new AtomicInteger();
        ClassLoader ours = HttpClients.class.getClassLoader();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "graphmail-http-" + n.incrementAndGet());
            t.setDaemon(true);
            // not the caller's: a pooled thread must not pin an application's class loader after it is undeployed
            t.setContextClassLoader(ours);
            return t;
        });
    }

    /** The TLS context that trusts the given store, for the SMTP wire as for HTTPS. */
    public static SSLContext sslContext(Path file, String password, String property) throws IOException {
        char[] pw = password == null ? null : password.toCharArray();
        Exception last = null;
        for (String type : new String[]{"PKCS12", "JKS"}) {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore ks = KeyStore.getInstance(type);
                ks.load(in, pw);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return ctx;
            } catch (GeneralSecurityException | IOException e) {
                last = e;
            }
        }
        throw new IOException(property + "=" + file + " is not a readable PKCS#12 or JKS trust store ("
                + last.getMessage() + "): check the file and " + property + ".password", last);
    }
}
