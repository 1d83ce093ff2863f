package io.graphmail.transport;

import io.graphmail.api.UncertainDeliveryException;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.NewsAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JavaMail contract as Angus SMTP users rely on it: connection events, TransportEvents and SendFailedException
 * address lists for each kind of failure, and the connected state. The mapping from Graph's all-or-nothing answer
 * to these lists is explained on {@link RecipientReport}.
 */
class JavaMailSemanticsTest {

    private static final Address[] NONE = new Address[0];

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private static Sandbox sandbox() {
        return SANDBOX.get();
    }

    private static Address[] addresses(String... a) throws Exception {
        List<Address> out = new ArrayList<>();
        for (String s : a) out.add(new InternetAddress(s));
        return out.toArray(NONE);
    }

    private static Transport connected(Properties p, Events events) throws MessagingException {
        Transport t = Session.getInstance(p).getTransport();
        t.addTransportListener(events);
        t.addConnectionListener(events);
        t.connect();
        return t;
    }

    /** A send that works: its DELIVERED event, coming next, proves no other event was queued before it. */
    private static void sendsAndIsDeliveredNext(Transport t, Events events) throws Exception {
        MimeMessage ok = Demo.message(Session.getInstance(Demo.properties(sandbox())), Demo.SENDER, "ok", Demo.BOB);
        t.sendMessage(ok, ok.getAllRecipients());
        assertSame(ok, events.nextTransport(TransportEvent.MESSAGE_DELIVERED).getMessage());
    }

    @Test
    void connectAndCloseAreToldToConnectionListenersAndASecondCloseIsANoOp() throws Exception {
        Events events = new Events();
        Properties p = Demo.properties(sandbox());
        // Jakarta Mail starts an event queue for the first event after each CLOSED, and may drop the events of a
        // queue whose thread starts after the next CLOSED: a duplicate CLOSED is lost only by luck. Counting the
        // queues started shows deterministically whether close() queued one.
        AtomicInteger queues = new AtomicInteger();
        Executor dispatcher = runner -> {
            queues.incrementAndGet();
            Thread thread = new Thread(runner, "test-event-queue");
            thread.setDaemon(true);
            thread.start();
        };
        p.put("mail.event.executor", dispatcher);
        Transport t = Session.getInstance(p).getTransport();
        t.addConnectionListener(events);
        assertFalse(t.isConnected());

        t.connect();
        assertTrue(t.isConnected());
        assertSame(t, events.nextConnection(ConnectionEvent.OPENED).getSource());
        assertThrows(IllegalStateException.class, t::connect, "already connected, as for any Jakarta Mail service");
        t.close();
        assertFalse(t.isConnected());
        assertSame(t, events.nextConnection(ConnectionEvent.CLOSED).getSource());
        assertEquals(1, queues.get(), "OPENED and CLOSED went through one queue");
        t.close();   // as Angus: no exception, and no second CLOSED
        assertFalse(t.isConnected());
        assertEquals(1, queues.get(), "the second close() queued no event");

        t.connect();   // a closed transport can be connected again
        events.nextConnection(ConnectionEvent.OPENED);
        t.close();
        events.nextConnection(ConnectionEvent.CLOSED);
    }

    @Test
    void sendingWithoutAConnectionIsAnIllegalStateAndSendsNothing() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        MimeMessage m = Demo.message(session, Demo.SENDER, "not connected", Demo.ALICE);
        Transport t = session.getTransport();
        assertThrows(IllegalStateException.class, () -> t.sendMessage(m, m.getAllRecipients()), "never connected");
        t.connect();
        t.close();
        assertThrows(IllegalStateException.class, () -> t.sendMessage(m, m.getAllRecipients()), "after close");
        assertEquals(0, sandbox().graphRequests());
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void deliveredEventListsTheEnvelopeAsValidSent() throws Exception {
        Events events = new Events();
        Transport t = connected(Demo.properties(sandbox()), events);
        events.nextConnection(ConnectionEvent.OPENED);
        MimeMessage m = Demo.message(Session.getInstance(Demo.properties(sandbox())), Demo.SENDER, "Delivered",
                Demo.ALICE);
        m.addRecipient(Message.RecipientType.CC, new InternetAddress(Demo.BOB));
        m.saveChanges();
        Address[] envelope = addresses(Demo.ALICE, Demo.BOB, "dave@contoso.example");
        try {
            t.sendMessage(m, envelope);
        } finally {
            t.close();
        }
        TransportEvent e = events.nextTransport(TransportEvent.MESSAGE_DELIVERED);
        assertSame(t, e.getSource());
        assertSame(m, e.getMessage());
        assertArrayEquals(envelope, e.getValidSentAddresses(), "every envelope recipient, in order");
        assertArrayEquals(NONE, e.getValidUnsentAddresses());
        assertArrayEquals(NONE, e.getInvalidAddresses());
        events.nextConnection(ConnectionEvent.CLOSED);
    }

    @Test
    void groupsAreReportedAsTheirMembersAndAnEmptyGroupAloneIsNoRecipient() throws Exception {
        Events events = new Events();
        Transport t = connected(Demo.properties(sandbox()), events);
        events.nextConnection(ConnectionEvent.OPENED);
        MimeMessage m = Demo.message(Session.getInstance(Demo.properties(sandbox())), Demo.SENDER, "Groups");
        m.setHeader("To", "undisclosed-recipients:;");
        m.setHeader("Cc", "Team: " + Demo.ALICE + ", " + Demo.BOB + ";");
        m.saveChanges();
        try {
            t.sendMessage(m, m.getAllRecipients());
            TransportEvent e = events.nextTransport(TransportEvent.MESSAGE_DELIVERED);
            assertArrayEquals(addresses(Demo.ALICE, Demo.BOB), e.getValidSentAddresses(), "as Angus: the members");

            SendFailedException none = assertThrows(SendFailedException.class,
                    () -> t.sendMessage(m, InternetAddress.parseHeader("undisclosed-recipients:;", true)));
            assertEquals("No recipient addresses", none.getMessage());
            assertEquals(1, sandbox().messages().size());
        } finally {
            t.close();
        }
    }

    @Test
    void unresolvableRecipientIsInvalidAndTheOthersValidUnsentBecauseGraphSentToNobody() throws Exception {
        Events events = new Events();
        Transport t = connected(Demo.properties(sandbox()), events);
        events.nextConnection(ConnectionEvent.OPENED);
        MimeMessage m = Demo.message(Session.getInstance(Demo.properties(sandbox())), Demo.SENDER, "Bad rcpt",
                Demo.ALICE, Demo.UNRESOLVABLE);
        m.addRecipient(Message.RecipientType.CC, new InternetAddress(Demo.BOB));
        try {
            SendFailedException e = assertThrows(SendFailedException.class,
                    () -> t.sendMessage(m, m.getAllRecipients()));
            assertTrue(e.getMessage().contains("400 ErrorInvalidRecipients"), e.getMessage());
            assertArrayEquals(addresses(Demo.UNRESOLVABLE), e.getInvalidAddresses());
            assertArrayEquals(addresses(Demo.ALICE, Demo.BOB), e.getValidUnsentAddresses());
            assertArrayEquals(NONE, e.getValidSentAddresses());
            TransportEvent event = events.nextTransport(TransportEvent.MESSAGE_NOT_DELIVERED);
            assertArrayEquals(e.getInvalidAddresses(), event.getInvalidAddresses());
            assertArrayEquals(e.getValidUnsentAddresses(), event.getValidUnsentAddresses());
            assertArrayEquals(NONE, event.getValidSentAddresses());
            assertEquals(0, sandbox().messages().size());
            assertTrue(t.isConnected(), "a rejected message does not end the connection");
            sendsAndIsDeliveredNext(t, events);
        } finally {
            t.close();
        }
    }

    @Test
    void throttlingBeyondTheRetriesLeavesEveryRecipientValidUnsentAndTheTransportUsable() throws Exception {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.retries", "1");
        Events events = new Events();
        Transport t = connected(p, events);
        events.nextConnection(ConnectionEvent.OPENED);
        MimeMessage m = Demo.message(Session.getInstance(p), Demo.SENDER, "429", Demo.ALICE, Demo.BOB);
        sandbox().faults().next(2, Fault.throttle(0));
        try {
            SendFailedException e = assertThrows(SendFailedException.class,
                    () -> t.sendMessage(m, m.getAllRecipients()));
            assertTrue(e.getMessage().contains("429"), e.getMessage());
            assertTrue(e.getMessage().contains("mail.graph.retries"), e.getMessage());
            assertArrayEquals(addresses(Demo.ALICE, Demo.BOB), e.getValidUnsentAddresses());
            assertArrayEquals(NONE, e.getInvalidAddresses());
            assertArrayEquals(NONE, e.getValidSentAddresses());
            TransportEvent event = events.nextTransport(TransportEvent.MESSAGE_NOT_DELIVERED);
            assertArrayEquals(e.getValidUnsentAddresses(), event.getValidUnsentAddresses());
            assertArrayEquals(NONE, event.getInvalidAddresses());
            assertTrue(t.isConnected(), "HTTP has no session to lose: the transport stays connected");
            sendsAndIsDeliveredNext(t, events);
        } finally {
            t.close();
        }
    }

    @Test
    void unreachableGraphIsNotDeliveredWithEveryRecipientValidUnsent() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.endpoint", "https://127.0.0.1:" + closedPort);
        p.setProperty("mail.graph.scope", sandbox().graphUrl() + "/.default");   // the token still comes
        Events events = new Events();
        Transport t = connected(p, events);
        events.nextConnection(ConnectionEvent.OPENED);
        MimeMessage m = Demo.message(Session.getInstance(p), Demo.SENDER, "network", Demo.ALICE);
        try {
            SendFailedException e = assertThrows(SendFailedException.class,
                    () -> t.sendMessage(m, m.getAllRecipients()));
            assertTrue(e.getMessage().contains("could not reach Graph"), e.getMessage());
            assertArrayEquals(addresses(Demo.ALICE), e.getValidUnsentAddresses());
            assertArrayEquals(NONE, e.getInvalidAddresses());
            TransportEvent event = events.nextTransport(TransportEvent.MESSAGE_NOT_DELIVERED);
            assertArrayEquals(addresses(Demo.ALICE), event.getValidUnsentAddresses());
        } finally {
            t.close();
        }
    }

    @Test
    void uncertainAnswerIsNotDeliveredInTheEventButTheExceptionSaysUncertain() throws Exception {
        Events events = new Events();
        Transport t = connected(Demo.properties(sandbox()), events);
        events.nextConnection(ConnectionEvent.OPENED);
        MimeMessage m = Demo.message(Session.getInstance(Demo.properties(sandbox())), Demo.SENDER, "504", Demo.ALICE);
        sandbox().faults().next(1, Fault.gatewayTimeoutAfterAccept());
        try {
            MessagingException e = assertThrows(MessagingException.class, () -> t.sendMessage(m, m.getAllRecipients()));
            assertInstanceOf(UncertainDeliveryException.class, e, "not a SendFailedException: it may have been sent");
            TransportEvent event = events.nextTransport(TransportEvent.MESSAGE_NOT_DELIVERED);
            assertArrayEquals(addresses(Demo.ALICE), event.getValidUnsentAddresses());
            assertArrayEquals(NONE, event.getValidSentAddresses());
            assertEquals(1, sandbox().messages().size(), "Graph took it once, and it was not resent");
        } finally {
            t.close();
        }
    }

    @Test
    void tooManyRecipientsIsNotDeliveredWithAllOfThemValidUnsent() throws Exception {
        Events events = new Events();
        Transport t = connected(Demo.properties(sandbox()), events);
        events.nextConnection(ConnectionEvent.OPENED);
        MimeMessage m = Demo.message(Session.getInstance(Demo.properties(sandbox())), Demo.SENDER, "501", Demo.ALICE);
        m.setRecipients(Message.RecipientType.BCC, Corpus.recipients(500).toArray(NONE));
        sandbox().resetCounters();
        try {
            SendFailedException e = assertThrows(SendFailedException.class,
                    () -> t.sendMessage(m, m.getAllRecipients()));
            assertEquals(501, e.getValidUnsentAddresses().length);
            TransportEvent event = events.nextTransport(TransportEvent.MESSAGE_NOT_DELIVERED);
            assertEquals(501, event.getValidUnsentAddresses().length);
            assertArrayEquals(NONE, event.getInvalidAddresses());
            assertEquals(0, sandbox().graphRequests());
        } finally {
            t.close();
        }
    }

    @Test
    void anUnreadableAttachmentIsNotDeliveredAndReported() throws Exception {
        Events events = new Events();
        Transport t = connected(Demo.properties(sandbox()), events);
        events.nextConnection(ConnectionEvent.OPENED);
        Session session = Session.getInstance(Demo.properties(sandbox()));
        MimeMessage m = Demo.message(session, Demo.SENDER, "missing file", Demo.ALICE);
        MimeBodyPart file = new MimeBodyPart();
        File missing = new File("target/graphmail-no-such-file-" + System.nanoTime() + ".pdf");
        file.setDataHandler(new DataHandler(new FileDataSource(missing)));
        file.setFileName("report.pdf");
        m.setContent(Corpus.multipart("mixed", Corpus.text("See file.\r\n", "UTF-8", "plain"), file));
        sandbox().resetCounters();
        try {
            SendFailedException e = assertThrows(SendFailedException.class,
                    () -> t.sendMessage(m, m.getAllRecipients()));
            assertTrue(e.getMessage().contains(missing.getName()), e.getMessage());
            assertArrayEquals(addresses(Demo.ALICE), e.getValidUnsentAddresses());
            events.nextTransport(TransportEvent.MESSAGE_NOT_DELIVERED);
            assertEquals(0, sandbox().graphRequests());
        } finally {
            t.close();
        }
    }

    @Test
    void invalidArgumentsFailAsInAngusWithoutAnEvent() throws Exception {
        Events events = new Events();
        Transport t = connected(Demo.properties(sandbox()), events);
        events.nextConnection(ConnectionEvent.OPENED);
        MimeMessage m = Demo.message(Session.getInstance(Demo.properties(sandbox())), Demo.SENDER, "args", Demo.ALICE);
        try {
            SendFailedException none = assertThrows(SendFailedException.class, () -> t.sendMessage(m, NONE));
            assertEquals("No recipient addresses", none.getMessage());
            MessagingException news = assertThrows(MessagingException.class,
                    () -> t.sendMessage(m, new Address[]{new NewsAddress("comp.lang.java")}));
            assertFalse(news instanceof SendFailedException);
            assertTrue(news.getMessage().contains("Internet addresses only"), news.getMessage());
            sendsAndIsDeliveredNext(t, events);   // no NOT_DELIVERED was queued for the two above
        } finally {
            t.close();
        }
    }
}
