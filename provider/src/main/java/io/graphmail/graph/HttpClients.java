package io.graphmail.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the one java.net.http client a configuration uses for both token and Graph requests. */
public final class HttpClients {

    private HttpClients() {
    }

    /**
     * @param truststore a PKCS#12 (or JKS) trust store to trust instead of the JVM's, or null for the JVM's
     * @param property   the property that named the trust store, for error messages
     * @param executor   runs the client's asynchronous work; see {@link #executor()}
     */
    public static java.net.http.HttpClient create(Path truststore, String password, Duration connectTimeout,
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
    public static ExecutorService executor() {
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

    private static SSLContext sslContext(Path file, String password, String property) throws IOException {
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
