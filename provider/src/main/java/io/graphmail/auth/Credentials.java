package io.graphmail.auth;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCredential;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Builds MSAL credentials from a secret, a certificate file (PKCS#12 or PEM) or a federated token file. */
public final class Credentials {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

    private Credentials() {
    }

    public static IClientCredential secret(String secret) {
        return ClientCredentialFactory.createFromSecret(secret);
    }

    /**
     * A certificate credential. PEM files hold the certificate(s) and a PKCS#8 private key (encrypted when a password
     * is given) or a PKCS#1 RSA key; anything else is read as PKCS#12.
     *
     * @param property the property that named the file, for error messages
     */
    public static IClientCredential certificate(Path file, String password, String property) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        try {
            if (text.contains("-----BEGIN ")) {
                return fromPem(text, password, file, property);
            }
            return ClientCredentialFactory.createFromCertificate(new ByteArrayInputStream(bytes), password == null ? "" : password);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(property + "=" + file + " could not be read as a PKCS#12 or PEM certificate with"
                    + " its private key (" + why + "): check the file and " + property + ".password", e);
        }
    }

    /** A federated credential: the file is read again for every token request, as workload identity rotates it. */
    public static IClientCredential assertionFile(Path file) {
        return ClientCredentialFactory.createFromCallback(() -> Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    private static IClientCredential fromPem(String text, String password, Path file, String property)
            throws GeneralSecurityException, IOException {
        List<X509Certificate> certs = new ArrayList<>();
        PrivateKey key = null;
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2).trim());
            switch (type) {
                case "CERTIFICATE":
                    certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
                    break;
                case "PRIVATE KEY":
                    key = privateKey(new PKCS8EncodedKeySpec(der));
                    break;
                case "RSA PRIVATE KEY":
                    key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Pkcs1.toPkcs8(der)));
                    break;
                case "ENCRYPTED PRIVATE KEY":
                    if (password == null) {
                        throw new IOException("the private key is encrypted: set " + property + ".password");
                    }
                    EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
                    SecretKeyFactory skf = SecretKeyFactory.getInstance(info.getAlgName());
                    key = privateKey(info.getKeySpec(skf.generateSecret(new PBEKeySpec(password.toCharArray()))));
                    break;
                default:
                    break;
            }
        }
        if (certs.isEmpty() || key == null) {
            throw new IOException(file + " needs both a CERTIFICATE and a PRIVATE KEY block");
        }
        return ClientCredentialFactory.createFromCertificateChain(key, certs);
    }

    private static PrivateKey privateKey(PKCS8EncodedKeySpec spec) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException e) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    /** Wraps a PKCS#1 RSAPrivateKey in the PKCS#8 PrivateKeyInfo the JDK reads. */
    private static final class Pkcs1 {
        private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
                (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

        static byte[] toPkcs8(byte[] pkcs1) {
            byte[] octet = der(0x04, pkcs1);
            byte[] version = {0x02, 0x01, 0x00};
            byte[] body = new byte[version.length + RSA_ALGORITHM.length + octet.length];
            System.arraycopy(version, 0, body, 0, version.length);
            System.arraycopy(RSA_ALGORITHM, 0, body, version.length, RSA_ALGORITHM.length);
            System.arraycopy(octet, 0, body, version.length + RSA_ALGORITHM.length, octet.length);
            return der(0x30, body);
        }

        private static byte[] der(int tag, byte[] content) {
            int n = content.length;
            byte[] len = n < 128 ? new byte[]{(byte) n}
                    : n < 256 ? new byte[]{(byte) 0x81, (byte) n}
                    : n < 65536 ? new byte[]{(byte) 0x82, (byte) (n >> 8), (byte) n}
                    : new byte[]{(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
            byte[] out = new byte[1 + len.length + n];
            out[0] = (byte) tag;
            System.arraycopy(len, 0, out, 1, len.length);
            System.arraycopy(content, 0, out, 1 + len.length, n);
            return out;
        }
    }
}
