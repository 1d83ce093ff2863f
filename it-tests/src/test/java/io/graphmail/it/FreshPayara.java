package io.graphmail.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs before Arquillian boots a test class's Payara (list it first in {@code @ExtendWith}): empties Payara's root
 * directories, since Payara keeps in {@code <root>/config/domain.xml} what the previous server deployed and created,
 * and gives the server the password alias {@value ItConfig#POOL_SECRET_ALIAS} that the asadmin pool of postboot.txt
 * reads as {@code ${ALIAS=graphmail-secret}} (docs/payara.md). Payara Micro's boot command files refuse
 * {@code create-password-alias} (a password may not be on a command line), but Payara reads the store a full server's
 * {@code create-password-alias} writes: {@code <root>/config/domain-passwords}, a JCEKS key store under the master
 * password ("changeit" unless changed), one secret-key entry per alias holding the password's bytes.
 */
public final class FreshPayara implements BeforeAllCallback, ExecutionCondition {

    private static final char[] MASTER_PASSWORD = "changeit".toCharArray();

    /**
     * The Payara Micro 7 run (it-tests/pom.xml) needs this JVM to be a Java 21+ one, since Payara runs on it: without
     * one the class is reported as skipped, with the reason.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String minJava = System.getProperty("it.minJava");
        if (minJava == null || Runtime.version().feature() >= Integer.parseInt(minJava)) {
            return ConditionEvaluationResult.enabled("Java " + Runtime.version());
        }
        return ConditionEvaluationResult.disabled("Payara Micro " + System.getProperty("payara.microJar")
            + " needs Java " + minJava + " or later and no such JDK was found (it.jdk21 in the parent pom; "
            + "-Dit.jdk21=<JDK home>); this run has Java " + Runtime.version());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        for (String root : ItConfig.PAYARA_ROOTS) {
            Path dir = Path.of(root);
            deleteTree(dir);
            writeAlias(dir.resolve("config").resolve("domain-passwords"), ItConfig.POOL_SECRET_ALIAS,
                ItConfig.POOL_SECRET);
        }
    }

    /**
     * The previous test class's Payara may still be exiting and removing its own files (pid, locks) while this runs,
     * so a file that vanishes is fine, and the walk is repeated until the directory is gone.
     */
    private static void deleteTree(Path dir) throws IOException {
        for (int attempt = 1; Files.exists(dir); attempt++) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            } catch (NoSuchFileException | DirectoryNotEmptyException | UncheckedIOException changing) {
                if (attempt == 50) {
                    throw new IOException("cannot empty " + dir + ": is another Payara still using it?", changing);
                }
                sleep();
            }
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while emptying Payara's root directory", e);
        }
    }

    static void writeAlias(Path store, String alias, String value) {
        try {
            Files.createDirectories(store.getParent());
            KeyStore ks = KeyStore.getInstance("JCEKS");
            ks.load(null, null);
            ks.setKeyEntry(alias, new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), "AES"), MASTER_PASSWORD,
                null);
            try (OutputStream out = Files.newOutputStream(store)) {
                ks.store(out, MASTER_PASSWORD);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Payara's password alias store " + store, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write Payara's password alias store " + store, e);
        }
    }
}
