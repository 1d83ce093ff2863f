package io.graphmail.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a sandbox keeps its files: its TLS key and certificate, the trust store clients use, and (when asked) the
 * captured mail. A temporary directory is deleted when the sandbox stops; a directory given by the user
 * ({@code --data DIR}) keeps everything at the same paths across restarts, so a saved mail.properties that names the
 * trust store keeps working.
 */
final class DataDirectory {
    static final String TLS_FILE = "sandbox-tls.p12";
    static final String TRUSTSTORE_FILE = "sandbox-truststore.p12";
    static final String MAIL_DIR = "mail";
    private static final String ALIAS = "sandbox";
    /** A certificate this close to its end is replaced at start, rather than failing clients mid-session. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(7);

    private final Path dir;
    private final boolean temporary;

    private DataDirectory(Path dir, boolean temporary) {
        this.dir = dir;
        this.temporary = temporary;
    }

    static DataDirectory temporary() throws IOException {
        return new DataDirectory(Files.createTempDirectory("graphmail-sandbox-"), true);
    }

    static DataDirectory at(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new DataDirectory(dir.toAbsolutePath().normalize(), false);
    }

    Path path() {
        return dir;
    }

    Path truststore() {
        return dir.resolve(TRUSTSTORE_FILE);
    }

    Path mail() {
        return dir.resolve(MAIL_DIR);
    }

    /** @return the TLS credential kept here, or a new one (stored here) when there is none or it is about to expire */
    Certificates.Credential tlsCredential() throws IOException {
        Path file = dir.resolve(TLS_FILE);
        if (!temporary && Files.exists(file)) {
            Certificates.Credential kept = read(file);
            if (kept.certificate().getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE))) {
                return kept;
            }
        }
        Certificates.Credential fresh = Certificates.loopbackServer();
        if (!temporary) {
            fresh.writePkcs12(file, Tls.PASSWORD.toCharArray(), ALIAS);
        }
        return fresh;
    }

    private static Certificates.Credential read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, Tls.PASSWORD.toCharArray());
            PrivateKey key = (PrivateKey) store.getKey(ALIAS, Tls.PASSWORD.toCharArray());
            X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
            if (key == null || certificate == null) {
                throw new IOException(file + " holds no '" + ALIAS + "' key entry: delete it to get a new one");
            }
            return new Certificates.Credential(certificate, key);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + file + " (delete it to get a new certificate): " + e.getMessage(), e);
        }
    }

    /** Deletes a temporary directory; a user's directory stays. */
    void close() {
        if (temporary) {
            delete(dir);
        }
    }

    static void delete(Path tree) {
        try (Stream<Path> files = Files.walk(tree)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temp file must not fail a test run
        }
    }
}
