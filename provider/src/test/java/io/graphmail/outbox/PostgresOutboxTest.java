package io.graphmail.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The outbox on a real PostgreSQL server, started on loopback for this class and stopped after it; and what is
 * PostgreSQL's own: messages in parts, deleted with their rows, and tables of the release before the parts.
 */
class PostgresOutboxTest extends OutboxContract {

    private static LocalPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = LocalPostgres.start();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.close();
    }

    @Override
    String emptyDatabase() throws Exception {
        String url = postgres.jdbcUrl();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS graphmail_outbox_part, graphmail_outbox");
        }
        return url;
    }

    @Override
    void dropDatabase(String url) {
        // the next test drops the table; the server goes with the class
    }

    @org.junit.jupiter.api.Test
    void theDatabaseDownWhileDrainingLosesNothing() throws Exception {
        java.util.Properties p = properties(false);
        Outbox box = outbox(p);
        String id = store(box, "database down while draining");
        OutboxSender sender = sender(box, p);
        postgres.stop();
        try {
            org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, sender::drainOnce);
        } finally {
            postgres.restart();
        }
        org.junit.jupiter.api.Assertions.assertEquals(1, sender.drainOnce());
        org.junit.jupiter.api.Assertions.assertEquals("sent", column(id, "state"));
        org.junit.jupiter.api.Assertions.assertEquals(1, sandbox().messages().size());
    }

    @org.junit.jupiter.api.Test
    void aMessageOfSeveralPartsArrivesWholeAndItsPartsGoWithItsRow() throws Exception {
        java.util.Properties p = properties(false);
        p.setProperty("mail.graph.outbox.keep", "2d");
        Outbox box = outbox(p);
        byte[] data = new byte[700 * 1024];   // about 950 KB of base64: four parts
        new java.util.Random(7).nextBytes(data);
        String sent = storeWithAttachment(box, "in parts", "alice@contoso.example", data);
        String failed = storeWithAttachment(box, "refused", "nobody@contoso.example", data);
        org.junit.jupiter.api.Assertions.assertEquals(4, parts(sent));
        org.junit.jupiter.api.Assertions.assertEquals(0, Long.parseLong(column(sent, "octet_length(mime)")),
                "the row's own mime column stays empty");

        OutboxSender sender = sender(box, p);
        sender.drainOnce();
        org.junit.jupiter.api.Assertions.assertEquals("sent", column(sent, "state"));
        org.junit.jupiter.api.Assertions.assertEquals("failed", column(failed, "state"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(data, attachment(sandbox().messages().get(0).rawMime()),
                "the parts put together in their order");

        clock.advance(java.time.Duration.ofDays(2).plusSeconds(1));
        sender.drainOnce();
        org.junit.jupiter.api.Assertions.assertEquals(0, parts(sent), "purged with its row after keep");
        org.junit.jupiter.api.Assertions.assertEquals(4, parts(failed), "a failed row keeps its message");
        org.junit.jupiter.api.Assertions.assertTrue(box.purge(failed), "graphmail outbox --purge");
        org.junit.jupiter.api.Assertions.assertEquals(0, parts(null), "no part left behind");
    }

    @org.junit.jupiter.api.Test
    void aTableOfThePreviousReleaseKeepsWorking() throws Exception {
        OutboxTable table = new OutboxTable("GRAPHMAIL_OUTBOX");
        java.util.Properties p = properties(false);
        Outbox box = outbox(p);
        String old = "11111111-2222-3333-4444-555555555555";
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl()); Statement s = c.createStatement()) {
            // the previous release's table and a row it stored, the message in the row's BYTEA
            s.executeUpdate(table.ddl("PostgreSQL"));
            s.executeUpdate("CREATE INDEX GRAPHMAIL_OUTBOX_due ON GRAPHMAIL_OUTBOX (config_key, state, next_attempt)");
            jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(
                    jakarta.mail.Session.getInstance(new java.util.Properties()));
            m.setFrom(new jakarta.mail.internet.InternetAddress("sender@contoso.example"));
            m.setRecipients(jakarta.mail.Message.RecipientType.TO, "alice@contoso.example");
            m.setSubject("stored by the previous release");
            m.setText("waiting through the upgrade");
            m.saveChanges();
            java.io.ByteArrayOutputStream mime = new java.io.ByteArrayOutputStream();
            m.writeTo(mime);
            try (java.sql.PreparedStatement insert = c.prepareStatement(table.insert)) {
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
        }
        String stored = store(box, "stored after the upgrade");   // creates the parts table beside the old one
        org.junit.jupiter.api.Assertions.assertEquals(1, parts(stored));

        org.junit.jupiter.api.Assertions.assertEquals(2, sender(box, p).drainOnce());
        org.junit.jupiter.api.Assertions.assertEquals("sent", column(old, "state"));
        org.junit.jupiter.api.Assertions.assertEquals("sent", column(stored, "state"));
        java.util.Set<String> subjects = new java.util.HashSet<>();
        sandbox().messages().forEach(m -> subjects.add(m.subject()));
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.Set.of("stored by the previous release", "stored after the upgrade"), subjects);
    }

    private static String storeWithAttachment(Outbox box, String subject, String to, byte[] data) throws Exception {
        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(
                jakarta.mail.Session.getInstance(new java.util.Properties()));
        m.setFrom(new jakarta.mail.internet.InternetAddress("sender@contoso.example"));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
        m.setSubject(subject);
        jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
        text.setText("attached");
        jakarta.mail.internet.MimeBodyPart file = new jakarta.mail.internet.MimeBodyPart();
        file.setDataHandler(new jakarta.activation.DataHandler(
                new jakarta.mail.util.ByteArrayDataSource(data, "application/octet-stream")));
        file.setFileName("data.bin");
        m.setContent(new jakarta.mail.internet.MimeMultipart(text, file));
        m.saveChanges();
        return box.store(m, m.getAllRecipients(), null, io.graphmail.config.GraphSettings.DEFAULT_MAX_SIZE);
    }

    /** How many parts the row has (every row's when {@code id} is null). */
    private static long parts(String id) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl());
             java.sql.PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM GRAPHMAIL_OUTBOX_PART"
                     + (id == null ? "" : " WHERE id = ?"))) {
            if (id != null) s.setString(1, id);
            try (java.sql.ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The bytes of the attachment named data.bin in a MIME message. */
    private static byte[] attachment(byte[] mime) throws Exception {
        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(
                jakarta.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(mime));
        jakarta.mail.Multipart multipart = (jakarta.mail.Multipart) m.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            if ("data.bin".equals(multipart.getBodyPart(i).getFileName())) {
                return multipart.getBodyPart(i).getInputStream().readAllBytes();
            }
        }
        throw new AssertionError("no data.bin in the delivered message");
    }
}
