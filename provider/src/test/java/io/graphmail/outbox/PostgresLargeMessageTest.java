package io.graphmail.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.config.GraphSettings;
import io.graphmail.sandbox.CapturedAttachment;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 60 MB attachment (about 81 MB of MIME) stored in a PostgreSQL outbox and sent from it by a JVM with a 48 MB heap:
 * proof that the outbox streams the message into the database and back out instead of holding it. PostgreSQL and the
 * sandbox run for the test's JVM, where memory is plentiful; the storing and sending node is a forked JVM started with
 * -Xmx48m ({@link LargeOutboxMain}).
 */
class PostgresLargeMessageTest {

    static final long SIZE = 60L * 1024 * 1024;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
            .maxMessageBytes(200L * 1024 * 1024)   // over Exchange's 35 MB default, as a tenant may raise it
            .build());

    private static LocalPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = LocalPostgres.start();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.close();
    }

    @Test
    void aSixtyMegabyteMessageIsStoredAndSentThroughTheOutboxWithA48MegabyteHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("archive-60MB.bin");
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < SIZE; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.client.id", SandboxConfig.DEMO_CLIENT_ID);
        p.setProperty("mail.graph.client.secret", SandboxConfig.DEMO_SECRET);
        p.remove("mail.graph.user");
        p.setProperty(GraphSettings.MAX_SIZE, String.valueOf(GraphSettings.LARGEST_MAX_SIZE));
        p.setProperty("mail.graph.timeout", "120000");
        p.setProperty("mail.graph.outbox", postgres.jdbcUrl());
        Path properties = dir.resolve("mail.properties");
        try (OutputStream out = Files.newOutputStream(properties)) {
            p.store(out, null);
        }
        Path log = dir.resolve("node.log");
        Process node = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                LargeOutboxMain.class.getName(), properties.toString(), file.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = node.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            node.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("forked node: " + output.strip());
        assertTrue(ended, "the node did not finish in 5 minutes: " + output);
        assertEquals(0, node.exitValue(), output);

        List<CapturedMessage> captured = SANDBOX.get().messages();
        assertEquals(1, captured.size());
        CapturedAttachment a = captured.get(0).attachments().get(0);
        assertEquals("archive-60MB.bin", a.name());
        assertEquals(SIZE, a.size());
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT state, mime_size FROM graphmail_outbox")) {
            assertTrue(r.next());
            assertEquals("sent", r.getString(1));
            assertTrue(r.getLong(2) > SIZE, "the MIME, base64 and all, is larger than the file");
        }
        SANDBOX.get().clearMessages();   // let the ~81 MB capture go before other test classes run
    }
}
