package io.graphmail.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The sandbox's TLS identity (a self-signed certificate for 127.0.0.1 and localhost) and the matching trust material. */
final class Tls {
    static final String PASSWORD = "changeit";
    private final Certificates.Credential credential;

    Tls(Certificates.Credential credential) {
        this.credential = credential;
    }

    SSLContext serverContext() {
        try {
            char[] pw = PASSWORD.toCharArray();
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(credential.keyStore(pw, "sandbox"), pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    /** A client context trusting exactly this certificate (not the JDK's CAs). */
    SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    void writeTrustStore(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore().store(out, PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write truststore " + file, e);
        }
    }

    private KeyStore trustStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("graphmail-sandbox", credential.certificate());
        return store;
    }
}
