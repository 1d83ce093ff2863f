package io.graphmail.it.servers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;

/**
 * The sandbox's certificate as an administrator gets a private CA's: a PEM file. The pages then tell how the
 * server's JVM comes to trust it (docs/other-servers.md), and the suites follow them.
 */
final class PrivateCa {

    private PrivateCa() {
    }

    /** Writes the certificate of the sandbox trust store to {@code pem} and returns it. */
    static Path pem(Path truststore, Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(truststore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, "changeit".toCharArray());
            String alias = Collections.list(ks.aliases()).get(0);
            Certificate cert = ks.getCertificate(alias);
            String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded());
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
            return pem;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the sandbox's certificate from " + truststore, e);
        }
    }
}
