package io.graphmail.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.config.GraphSettings;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outbox on a real MariaDB server (Debian's), started on loopback for this class and stopped after it. */
class MariaDbOutboxTest extends OutboxContract {

    private static LocalMariaDb mariadb;

    @BeforeAll
    static void start() throws Exception {
        mariadb = LocalMariaDb.start();
    }

    @AfterAll
    static void stop() {
        if (mariadb != null) mariadb.close();
    }

    @Override
    String emptyDatabase() throws Exception {
        String url = mariadb.jdbcUrl();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS GRAPHMAIL_OUTBOX_PART, GRAPHMAIL_OUTBOX");
        }
        return url;
    }

    @Override
    void dropDatabase(String url) {
        // the next test drops the table; the server goes with the class
    }

    /**
     * Beyond MariaDB's default max_allowed_packet (16 MB), within graphmail's default maximum size (35 MB): stored in
     * one value, the server refuses it (the connection is reset); in parts it is stored and arrives byte for byte.
     */
    @Test
    void aMessageLargerThanTheDefaultPacketIsStoredAndArrivesWhole() throws Exception {
        Properties p = properties(false);
        p.setProperty("mail.graph.outbox.keep", "2d");
        Outbox box = outbox(p);
        byte[] data = new byte[15 * 1024 * 1024];   // about 20 MB of base64
        new Random(11).nextBytes(data);
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("sender@contoso.example"));
        m.setRecipients(Message.RecipientType.TO, "alice@contoso.example");
        m.setSubject("larger than a packet");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("attached");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(data, "application/octet-stream")));
        file.setFileName("data.bin");
        m.setContent(new MimeMultipart(text, file));
        m.saveChanges();
        String id = box.store(m, m.getAllRecipients(), null, GraphSettings.DEFAULT_MAX_SIZE);
        long size = Long.parseLong(column(id, "mime_size"));
        assertTrue(size > 16L * 1024 * 1024, "larger than the server's packet: " + size);
        assertEquals(0, Long.parseLong(column(id, "LENGTH(mime)")), "the row's own mime column stays empty");
        try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl()); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT COUNT(*), SUM(LENGTH(bytes)) FROM GRAPHMAIL_OUTBOX_PART")) {
            r.next();
            assertEquals((size + MimeParts.PART - 1) / MimeParts.PART, r.getLong(1), "parts of 256 KB");
            assertEquals(size, r.getLong(2));
        }

        OutboxSender sender = sender(box, p);
        assertEquals(1, sender.drainOnce());
        assertEquals("sent", column(id, "state"));
        MimeMessage arrived = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(sandbox().messages().get(0).rawMime()));
        Multipart parts = (Multipart) arrived.getContent();
        assertArrayEquals(data, parts.getBodyPart(1).getInputStream().readAllBytes());

        clock.advance(Duration.ofDays(2).plusSeconds(1));
        sender.drainOnce();
        assertEquals(0, partsLeft(), "purged after keep, its parts with it (ON DELETE CASCADE)");
    }

    @Test
    void aTableOfTheReleaseBeforeThePartsKeepsWorking() throws Exception {
        OutboxTable table = new OutboxTable("GRAPHMAIL_OUTBOX");
        Properties p = properties(false);
        Outbox box = outbox(p);
        String old = "11111111-2222-3333-4444-555555555555";
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("sender@contoso.example"));
        m.setRecipients(Message.RecipientType.TO, "alice@contoso.example");
        m.setSubject("stored by the previous release");
        m.setText("waiting through the upgrade");
        m.saveChanges();
        java.io.ByteArrayOutputStream mime = new java.io.ByteArrayOutputStream();
        m.writeTo(mime);
        try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl()); Statement s = c.createStatement();
             java.sql.PreparedStatement insert = c.prepareStatement(table.insert)) {
            // the previous release's table, and a row it stored with the message in the row's LONGBLOB
            s.executeUpdate(table.ddl("MariaDB"));
            s.executeUpdate("CREATE INDEX GRAPHMAIL_OUTBOX_due ON GRAPHMAIL_OUTBOX (config_key, state, next_attempt)");
            insert.setString(1, old);
            insert.setString(2, box.configKey());
            insert.setString(3, null);
            insert.setBytes(4, "alice@contoso.example".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            insert.setBytes(5, mime.toByteArray());
            insert.setLong(6, mime.size());
            insert.setLong(7, clock.millis());
            insert.setLong(8, clock.millis());
            insert.setLong(9, clock.millis());
            insert.executeUpdate();
        }
        String stored = OutboxContract.store(box, "stored after the upgrade");   // creates the parts table beside it
        assertEquals(1, partsLeft());

        assertEquals(2, sender(box, p).drainOnce());
        assertEquals("sent", column(old, "state"));
        assertEquals("sent", column(stored, "state"));
        java.util.Set<String> subjects = new java.util.HashSet<>();
        sandbox().messages().forEach(arrived -> subjects.add(arrived.subject()));
        assertEquals(java.util.Set.of("stored by the previous release", "stored after the upgrade"), subjects);
    }

    private static long partsLeft() throws Exception {
        try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl()); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT COUNT(*) FROM GRAPHMAIL_OUTBOX_PART")) {
            r.next();
            return r.getLong(1);
        }
    }
}
