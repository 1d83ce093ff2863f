package io.graphmail.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the one java.net.http client a configuration uses for both token and Graph requests. */
public final class HttpClients {

    private HttpClients() {
    }

    /**
     * @param truststore a PKCS#12 (or JKS) trust store to trust instead of the JVM's, or null for the JVM's
     * @param property   the property that named the trust store, for error messages
     */
    public static java.net.http.HttpClient create(Path truststore, String password, Duration connectTimeout,
                                                  String property) throws IOException {
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER);
        if (truststore != null) {
            b.sslContext(sslContext(truststore, password, property));
        }
        return b.build();
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
