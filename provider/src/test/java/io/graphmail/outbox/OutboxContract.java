package io.graphmail.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.config.GraphSettings;
import io.graphmail.engine.Mailer;
import io.graphmail.engine.MailerRegistry;
import io.graphmail.graph.FakeWaits;
import io.graphmail.sandbox.App;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbox against the sandbox, on each database it is tested with (subclasses): stored sends are delivered once, outages are waited out,
 * unclear answers are settled by the recorded draft, a node that stalls past its lease is taken over without a second
 * copy, and nothing is deleted but delivered rows after their time.
 */
abstract class OutboxContract {

    static final String SEND_ONLY_APP = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
    private static final Duration LEASE = Duration.ofMinutes(5);

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
            .app(App.builder(SEND_ONLY_APP).secret("send-only-secret").roles("Mail.Send").build())
            .build());

    private final FakeWaits waits = new FakeWaits();
    private final MailerRegistry registry = new MailerRegistry(waits);
    final MutableClock clock = new MutableClock();
    private String url;

    /** A JDBC URL of an empty database for one test (user and password in the URL where needed). */
    abstract String emptyDatabase() throws Exception;

    /** Lets go of the test's database. */
    abstract void dropDatabase(String url) throws Exception;

    @BeforeEach
    void database() throws Exception {
        url = emptyDatabase();
    }

    private final List<OutboxSender> senders = new java.util.ArrayList<>();

    @AfterEach
    void close() throws Exception {
        senders.forEach(OutboxSender::close);
        registry.closeAll();
        MailerRegistry.shared().closeAll();
        dropDatabase(url);
    }

    static Sandbox sandbox() {
        return SANDBOX.get();
    }

    /** The demo app's properties with the outbox, or without it for the sender's own engine. */
    Properties properties(boolean withOutbox) {
        Properties p = sandbox().mailProperties();
        // mailProperties() names whichever app comes first; these tests need the demo app (Mail.ReadWrite)
        p.setProperty("mail.graph.client.id", SandboxConfig.DEMO_CLIENT_ID);
        p.setProperty("mail.graph.client.secret", SandboxConfig.DEMO_SECRET);
        p.setProperty("mail.graph.retries", "0");
        if (withOutbox) p.setProperty("mail.graph.outbox", url);
        return p;
    }

    Outbox outbox(Properties p) {
        p.setProperty("mail.graph.outbox", url);
        return new Outbox(GraphSettings.from(p), clock);
    }

    OutboxSender sender(Outbox box, Properties p) throws Exception {
        Properties direct = new Properties();
        direct.putAll(p);
        direct.keySet().removeIf(k -> k.toString().startsWith("mail.graph.outbox"));   // the sender's own engine
        Mailer mailer = registry.lease(GraphSettings.from(direct)).mailer();
        OutboxSender sender = new OutboxSender(box, mailer, LEASE);
        senders.add(sender);
        return sender;
    }

    private static MimeMessage message(String subject, String to) throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("sender@contoso.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject);
        m.setText("stored, then sent");
        m.saveChanges();
        return m;
    }

    static String store(Outbox box, String subject) throws MessagingException {
        MimeMessage m = message(subject, "alice@contoso.example");
        return box.store(m, m.getAllRecipients(), null, GraphSettings.DEFAULT_MAX_SIZE);
    }

    String column(String id, String column) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + column + " FROM GRAPHMAIL_OUTBOX WHERE id = '" + id + "'")) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void storedMessagesAreDeliveredOnceEach() throws Exception {
        Properties p = properties(false);
        Outbox box = outbox(p);
        String first = store(box, "one");
        store(box, "two");
        store(box, "three");
        assertEquals(0, sandbox().messages().size(), "stored, not sent");
        OutboxSender sender = sender(box, p);

        assertEquals(3, sender.drainOnce());
        assertEquals(0, sender.drainOnce(), "nothing left to claim");
        assertEquals(3, sandbox().messages().size());
        assertEquals(3, box.count("sent"));
        assertTrue(column(first, "request_id") != null);
        assertEquals("1", column(first, "attempts"));
    }

    @Test
    void anOutageIsWaitedOutWithBackOffAndEveryMessageGoesOnce() throws Exception {
        Properties p = properties(false);
        Outbox box = outbox(p);
        String id = store(box, "through an outage");
        OutboxSender sender = sender(box, p);
        sandbox().faults().next(2, Fault.serviceUnavailable(null));

        assertEquals(1, sender.drainOnce());
        assertEquals("queued", column(id, "state"));
        assertTrue(column(id, "last_error").contains("503"), column(id, "last_error"));
        assertEquals(0, sender.drainOnce(), "not due before its back-off");

        clock.advance(OutboxSender.FIRST_BACKOFF);
        assertEquals(1, sender.drainOnce());
        assertEquals("queued", column(id, "state"), "still down");
        clock.advance(OutboxSender.FIRST_BACKOFF);
        assertEquals(0, sender.drainOnce(), "the second wait is longer: two minutes");
        clock.advance(OutboxSender.FIRST_BACKOFF);
        assertEquals(1, sender.drainOnce());
        assertEquals("sent", column(id, "state"));
        assertEquals(1, sandbox().messages().size());
    }

    @Test
    void aRefusalAboutTheMessageFailsItWithGraphsReason() throws Exception {
        Properties p = properties(false);
        Outbox box = outbox(p);
        MimeMessage m = message("to nobody", "nobody@contoso.example");
        String id = box.store(m, m.getAllRecipients(), null, GraphSettings.DEFAULT_MAX_SIZE);
        sender(box, p).drainOnce();
        assertEquals("failed", column(id, "state"));
        assertTrue(column(id, "last_error").contains("ErrorInvalidRecipients"), column(id, "last_error"));
    }

    @Test
    void aMessageNotDeliveredWithinMaxAgeFailsWithItsLastError() throws Exception {
        Properties p = properties(false);
        p.setProperty("mail.graph.outbox.maxage", "1h");
        Outbox box = outbox(p);
        String id = store(box, "too old");
        OutboxSender sender = sender(box, p);
        sandbox().faults().next(1, Fault.serviceUnavailable(null));
        sender.drainOnce();
        clock.advance(Duration.ofHours(1));
        sender.drainOnce();
        assertEquals("failed", column(id, "state"));
        assertTrue(column(id, "last_error").contains("mail.graph.outbox.maxage=PT1H"), column(id, "last_error"));
        assertTrue(column(id, "last_error").contains("503"), "the last error is kept: " + column(id, "last_error"));
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void anUnclearSendIsSettledByItsRecordedDraftAndNeverSentTwice() throws Exception {
        Properties p = properties(false);
        Outbox box = outbox(p);
        String id = store(box, "504 after accept");
        OutboxSender sender = sender(box, p);
        sandbox().sending().sentCopyDelay(Duration.ofMillis(700));   // not there while the engine looks
        sandbox().faults().next(1, Fault.latency(Duration.ZERO));      // the draft is created
        sandbox().faults().next(1, Fault.gatewayTimeoutAfterAccept()); // its send is accepted, the answer lost

        sender.drainOnce();
        assertEquals("queued", column(id, "state"), "neither sent nor failed: the draft decides later; " + column(id, "last_error"));
        assertTrue(column(id, "draft_id") != null);
        assertTrue(eventually(() -> sandbox().sentItems() == 1), "the accepted send completes");

        clock.advance(OutboxSender.FIRST_BACKOFF);
        assertEquals(1, sender.drainOnce());
        assertEquals("sent", column(id, "state"));
        assertEquals(1, sandbox().messages().size(), "delivered once");
    }

    @Test
    void aNodeThatStallsPastItsLeaseIsTakenOverWithoutASecondCopy() throws Exception {
        Properties p = properties(false);
        Outbox box = outbox(p);
        String id = store(box, "stalled node");
        OutboxSender a = sender(box, p);
        OutboxSender b = sender(box, p);
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        a.afterDraftRecorded = () -> {
            recorded.countDown();
            try {
                resume.await(30, TimeUnit.SECONDS);   // node A stalls (a long GC, a frozen VM) right before sending
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ExecutorService nodeA = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> drainA = nodeA.submit(a::drainOnce);
            assertTrue(recorded.await(30, TimeUnit.SECONDS));
            assertEquals(0, b.drainOnce(), "A's lease still holds");

            clock.advance(LEASE.plusSeconds(1));
            assertEquals(1, b.drainOnce(), "B takes the row over and sends the recorded draft");
            assertEquals("sent", column(id, "state"));
            assertEquals(1, sandbox().messages().size());

            resume.countDown();   // A wakes up and tries to send the draft B already sent
            drainA.get(30, TimeUnit.SECONDS);
            assertEquals(1, sandbox().messages().size(), "A's late send finds no draft: still one copy");
            assertEquals("sent", column(id, "state"), "A cannot overwrite what B settled");
        } finally {
            resume.countDown();
            nodeA.shutdownNow();
        }
    }

    @Test
    void withMailSendOnlyItSendsAtMostOnceAndAnUnclearAnswerIsReportedUncertain() throws Exception {
        Properties p = properties(false);
        p.setProperty("mail.graph.client.id", SEND_ONLY_APP);
        p.setProperty("mail.graph.client.secret", "send-only-secret");
        Outbox box = outbox(p);
        String ok = store(box, "send only");
        OutboxSender sender = sender(box, p);
        assertEquals(1, sender.drainOnce());
        assertEquals("sent", column(ok, "state"), "no draft allowed: sendMail");

        String unclear = store(box, "send only, 504");
        sandbox().faults().next(1, Fault.gatewayTimeoutAfterAccept());
        sender.drainOnce();
        assertEquals("uncertain", column(unclear, "state"));
        clock.advance(Duration.ofDays(1));
        assertEquals(0, sender.drainOnce(), "an uncertain row is reported, never resent");
        assertEquals(2, sandbox().messages().size());
    }

    /** Over SMTP there are no drafts, even with Mail.ReadWrite: the rule is at most once, as with Mail.Send only. */
    @Test
    void overSmtpARowIsSentOnceAndAnUnclearAnswerMakesItUncertain() throws Exception {
        Properties p = properties(false);
        p.putAll(sandbox().smtpMailProperties());
        p.setProperty("mail.graph.client.id", SandboxConfig.DEMO_CLIENT_ID);
        p.setProperty("mail.graph.client.secret", SandboxConfig.DEMO_SECRET);
        Outbox box = outbox(p);
        String ok = store(box, "over smtp");
        OutboxSender sender = sender(box, p);
        assertEquals(1, sender.drainOnce());
        assertEquals("sent", column(ok, "state"));
        assertEquals("smtp", sandbox().messages().get(0).submittedVia());

        String unclear = store(box, "over smtp, reply lost");
        sandbox().faults().nextSmtpMessages(1, Fault.resetAfterAccept());
        sender.drainOnce();
        assertEquals("uncertain", column(unclear, "state"));
        clock.advance(Duration.ofDays(1));
        assertEquals(0, sender.drainOnce(), "an uncertain row is reported, never resent");
        assertEquals(2, sandbox().messages().size());
    }

    @Test
    void aRowLeftMidSendByANodeThatDiedIsUncertainWithMailSendOnlyAndSentOnceWithDrafts() throws Exception {
        Properties sendOnly = properties(false);
        sendOnly.setProperty("mail.graph.client.id", SEND_ONLY_APP);
        sendOnly.setProperty("mail.graph.client.secret", "send-only-secret");
        Outbox sendOnlyBox = outbox(sendOnly);
        String left = store(sendOnlyBox, "left by a dead node, send only");
        diedWhileSending(left);
        assertEquals(1, sender(sendOnlyBox, sendOnly).drainOnce(), "its lease ended: taken over");
        assertEquals("uncertain", column(left, "state"), "the dead node may have handed it to sendMail");
        assertTrue(column(left, "last_error").contains("Sent Items"), column(left, "last_error"));
        assertEquals(0, sandbox().messages().size(), "not sent a second time");

        Properties drafts = properties(false);
        Outbox draftsBox = outbox(drafts);
        String again = store(draftsBox, "left by a dead node, drafts");
        diedWhileSending(again);
        assertEquals(1, sender(draftsBox, drafts).drainOnce());
        assertEquals("sent", column(again, "state"), "no recorded draft: the dead node sent nothing");
        assertEquals(1, sandbox().messages().size());
    }

    /** Leaves a row as a node that claimed it and was killed before settling it leaves it: its lease over. */
    private void diedWhileSending(String id) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE GRAPHMAIL_OUTBOX SET state = 'sending', owner = 'killed-node',"
                    + " attempts = 1, lease_until = " + (clock.millis() - 1) + " WHERE id = '" + id + "'"));
        }
    }

    @Test
    void twoNodesDrainingOneOutboxSendEachMessageOnce() throws Exception {
        Properties p = properties(false);
        Outbox box = outbox(p);
        int n = 60;
        for (int i = 0; i < n; i++) store(box, "message " + i);
        OutboxSender a = sender(box, p);
        OutboxSender b = sender(box, p);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10 && box.count("sent") < n; round++) {
                Future<Integer> fa = nodes.submit(a::drainOnce);
                Future<Integer> fb = nodes.submit(b::drainOnce);
                fa.get(60, TimeUnit.SECONDS);
                fb.get(60, TimeUnit.SECONDS);
            }
        } finally {
            nodes.shutdownNow();
        }
        assertEquals(n, box.count("sent"));
        assertEquals(n, sandbox().messages().size(), "none twice");
        Set<String> subjects = new HashSet<>();
        sandbox().messages().forEach(m -> subjects.add(m.subject()));
        assertEquals(n, subjects.size());
    }

    @Test
    void deliveredRowsArePurgedAfterKeepAndNothingElse() throws Exception {
        Properties p = properties(false);
        p.setProperty("mail.graph.outbox.keep", "2d");
        Outbox box = outbox(p);
        store(box, "delivered");
        MimeMessage m = message("failed", "nobody@contoso.example");
        box.store(m, m.getAllRecipients(), null, GraphSettings.DEFAULT_MAX_SIZE);
        OutboxSender sender = sender(box, p);
        sender.drainOnce();
        assertEquals(1, box.count("sent"));
        assertEquals(1, box.count("failed"));
        clock.advance(Duration.ofDays(2).plusSeconds(1));
        sender.drainOnce();
        assertEquals(0, box.count("sent"), "purged after keep");
        assertEquals(1, box.count("failed"), "a failed row stays for someone to read");
    }

    @Test
    void aTooLargeMessageIsRefusedAtOnceAndNothingIsStored() throws Exception {
        Properties p = properties(false);
        p.setProperty("mail.graph.maxsize", "100");
        Outbox box = outbox(p);
        MimeMessage m = message("big", "alice@contoso.example");
        MessagingException e = assertThrows(MessagingException.class,
                () -> box.store(m, m.getAllRecipients(), null, 100));
        assertTrue(e.getMessage().contains("mail.graph.maxsize=100"), e.getMessage());
        assertEquals(0, box.count("queued"));
    }

    @Test
    void transportSendWithAnOutboxReturnsOnceStoredAndTheBackgroundSenderDelivers() throws Exception {
        Properties p = properties(true);
        p.setProperty("mail.transport.protocol.rfc822", "graph");
        Session session = Session.getInstance(p);
        // this engine's threads only: an earlier test class's engine is not this test's business
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        java.util.function.Predicate<Thread> ours = t -> t.getName().startsWith("graphmail-outbox")
                && !before.contains(t);
        for (int i = 0; i < 5; i++) {
            MimeMessage m = message("background " + i, "alice@contoso.example");
            Transport.send(new MimeMessage(session, toStream(m)));
        }
        assertTrue(eventually(() -> sandbox().messages().size() == 5), "delivered by graphmail-outbox");
        MailerRegistry.shared().closeAll();
        List<String> threads = Thread.getAllStackTraces().keySet().stream().filter(ours).map(Thread::getName)
                .toList();
        boolean stopped = eventually(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(ours));
        StringBuilder left = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (ours.test(t)) {
                left.append("\n").append(t.getName()).append(" ").append(t.getState());
                for (int i = 0; i < Math.min(12, stack.length); i++) left.append("\n  at ").append(stack[i]);
            }
        });
        assertTrue(stopped, "stopped with its engine: " + threads + "; still running:" + left);
    }

    private static java.io.InputStream toStream(MimeMessage m) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        m.writeTo(out);
        return new java.io.ByteArrayInputStream(out.toByteArray());
    }

    /** Waits for a condition the service reaches on its own, at most about fifteen seconds. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-03T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theDatabaseDownWhenStoringFailsTheSendAndStoresNothing() throws Exception {
        Properties p = properties(false);
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        p.setProperty("mail.graph.outbox", "jdbc:postgresql://127.0.0.1:" + closed + "/nowhere?user=x&connectTimeout=2");
        Outbox box = new Outbox(GraphSettings.from(p), clock);
        MimeMessage m = message("database down", "alice@contoso.example");
        MessagingException e = assertThrows(MessagingException.class,
                () -> box.store(m, m.getAllRecipients(), null, GraphSettings.DEFAULT_MAX_SIZE));
        assertTrue(e.getMessage().contains("not stored in the outbox"), e.getMessage());
        assertEquals(io.graphmail.engine.FailureKind.OUTAGE, io.graphmail.engine.FailureKind.of(e));
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void aConnectionResetWhileSendingARecordedDraftIsSettledLaterOnce() throws Exception {
        Properties p = properties(false);
        Outbox box = outbox(p);
        String id = store(box, "reset after accept");
        OutboxSender sender = sender(box, p);
        sandbox().faults().next(1, Fault.latency(Duration.ZERO));   // the draft is created
        sandbox().faults().next(1, Fault.resetAfterAccept());       // its send goes, the answer is lost
        sender.drainOnce();
        String state = column(id, "state");
        assertTrue(state.equals("sent") || state.equals("queued") && column(id, "draft_id") != null,
                "confirmed at once, or left for the draft to decide: " + state);
        clock.advance(OutboxSender.FIRST_BACKOFF);
        assertTrue(eventually(() -> sandbox().sentItems() == 1));
        sender.drainOnce();
        assertEquals("sent", column(id, "state"));
        assertEquals(1, sandbox().messages().size(), "once");
    }

    @Test
    void aConnectionResetBeforeTheDraftExistsIsRetriedAndSentOnce() throws Exception {
        Properties p = properties(false);
        Outbox box = outbox(p);
        String id = store(box, "reset before accept");
        OutboxSender sender = sender(box, p);
        sandbox().faults().next(1, Fault.resetBeforeAccept());   // creating the draft: no answer, nothing made
        sender.drainOnce();
        assertEquals("queued", column(id, "state"), "nothing was sent: tried again later");
        clock.advance(OutboxSender.FIRST_BACKOFF);
        sender.drainOnce();
        assertEquals("sent", column(id, "state"));
        assertEquals(1, sandbox().messages().size());
    }

    @Test
    void theIdentityPlatformDownIsWaitedOut() throws Exception {
        Properties p = properties(false);
        Outbox box = outbox(p);
        String id = store(box, "identity platform down");
        OutboxSender sender = sender(box, p);
        sandbox().faults().nextTokenRequests(2, Fault.serviceUnavailable(null));
        sender.drainOnce();
        assertEquals("queued", column(id, "state"));
        assertTrue(column(id, "last_error").contains("503"), column(id, "last_error"));
        clock.advance(OutboxSender.FIRST_BACKOFF);
        sender.drainOnce();
        assertEquals("sent", column(id, "state"));
        assertEquals(1, sandbox().messages().size());
    }
}
