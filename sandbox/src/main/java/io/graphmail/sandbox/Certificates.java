package io.graphmail.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed certificates for tests and demos (app credentials) and for the sandbox's own TLS endpoint.
 * Keys are RSA 2048, certificates valid one year (backdated a minute against clock differences).
 */
public final class Certificates {

    private Certificates() {
    }

    /**
     * A self-signed certificate for {@code CN=commonName}, e.g. to register on an {@link App} and give to a client
     * as its certificate credential.
     *
     * @param commonName the subject's common name
     * @return the certificate and its private key
     */
    public static Credential selfSigned(String commonName) {
        return generate(commonName, null);
    }

    /** The TLS certificate: SAN IP 127.0.0.1 and DNS localhost, since clients check the host name. */
    static Credential loopbackServer() {
        return generate("graphmail sandbox", new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "localhost")}));
    }

    private static Credential generate(String commonName, GeneralNames subjectAltNames) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName.replace(",", "\\,"));
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(1))),
                Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic());
            if (subjectAltNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames);
            }
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new Credential(certificate, keys.getPrivate());
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    /** A certificate with its private key. */
    public static final class Credential {
        private final X509Certificate certificate;
        private final PrivateKey privateKey;

        Credential(X509Certificate certificate, PrivateKey privateKey) {
            this.certificate = certificate;
            this.privateKey = privateKey;
        }

        /** @return the X.509 certificate */
        public X509Certificate certificate() {
            return certificate;
        }

        /** @return the RSA private key */
        public PrivateKey privateKey() {
            return privateKey;
        }

        /**
         * Writes certificate and key as a PKCS#12 key entry.
         *
         * @param file where to write
         * @param password the store and key password
         * @param alias the entry's alias
         * @throws IOException when the file cannot be written
         */
        public void writePkcs12(Path file, char[] password, String alias) throws IOException {
            try (OutputStream out = Files.newOutputStream(file)) {
                keyStore(password, alias).store(out, password);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot write PKCS#12 " + file, e);
            }
        }

        /**
         * Writes the certificate, then the private key (unencrypted PKCS#8), as PEM into one file.
         *
         * @param file where to write
         * @throws IOException when the file cannot be written
         */
        public void writePem(Path file) throws IOException {
            try {
                String pem = pem("CERTIFICATE", certificate.getEncoded()) + pem("PRIVATE KEY", privateKey.getEncoded());
                Files.writeString(file, pem, StandardCharsets.US_ASCII);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot encode certificate", e);
            }
        }

        /** The certificate alone as PEM, the form the JSON config takes for app certificates. */
        public String certificatePem() {
            try {
                return pem("CERTIFICATE", certificate.getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        KeyStore keyStore(char[] password, String alias) throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, privateKey, password, new X509Certificate[] {certificate});
            return store;
        }

        private static String pem(String type, byte[] der) {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
            return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
        }
    }
}
