package io.graphmail.transport;

import io.graphmail.api.UncertainDeliveryException;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxExtension;
import io.graphmail.sandbox.SendingBehaviour;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The send of a large message's draft gets no clear answer (504): graphmail looks the draft up by its immutable id
 * (docs/graph-behaviour.md §3) and reports what it finds, instead of "uncertain" every time. The sandbox's 504 either
 * follows the send (the message went) or precedes it (nothing happened); the client sees the same answer both times.
 */
class UncertainDraftSendTest {

    static final int MB = 1024 * 1024;
    /** draft, upload session, send */
    static final int SEND_REQUESTS = 3;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private static Sandbox sandbox() {
        return SANDBOX.get();
    }

    @AfterEach
    void noUploadSessionLeftOpen() {
        assertEquals(0, sandbox().openUploadSessions());
    }

    private static Properties properties() {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.retries", "0");
        return p;
    }

    private static MimeMessage large(Session session, String subject) throws Exception {
        return LargeMessageTest.withParts(session, subject, LargeMessageTest.attachment("a.bin",
                "application/octet-stream", LargeMessageTest.bytes(4 * MB, 21)));
    }

    /** The draft and the upload session go through; the send gets {@code fault}. */
    private static void sendGets(Fault fault) {
        sandbox().faults().next(2, Fault.latency(Duration.ZERO));
        sandbox().faults().next(1, fault);
        sandbox().resetCounters();
    }

    private static Transport connected(Events events) throws MessagingException {
        Transport t = Session.getInstance(properties()).getTransport();
        t.addTransportListener(events);
        t.addConnectionListener(events);
        t.connect();
        return t;
    }

    @Test
    void aSendAnsweredWith504ThatIsFoundInSentItemsIsDelivered() throws Exception {
        Events events = new Events();
        Transport t = connected(events);
        events.nextConnection(ConnectionEvent.OPENED);
        try {
            MimeMessage m = large(Session.getInstance(properties()), "504 after accept");
            int drafts = sandbox().drafts();   // another test may leave one on purpose
            sendGets(Fault.gatewayTimeoutAfterAccept());

            t.sendMessage(m, m.getAllRecipients());

            TransportEvent delivered = events.nextTransport(TransportEvent.MESSAGE_DELIVERED);
            assertSame(m, delivered.getMessage());
            assertArrayEquals(new Address[]{new InternetAddress(Demo.ALICE)}, delivered.getValidSentAddresses());
            assertEquals(1, sandbox().messages().size(), "sent exactly once");
            assertEquals(1, sandbox().sentItems());
            assertEquals(drafts, sandbox().drafts());
            assertEquals(SEND_REQUESTS + 1, sandbox().graphRequests(), "one look found it: no resend, no delete");
        } finally {
            t.close();
        }
    }

    @Test
    void aSentCopyThatAppearsWithinTheWindowIsWaitedFor() throws Exception {
        sandbox().sending().sentCopyDelay(Duration.ofMillis(1500));
        MimeMessage m = large(Session.getInstance(properties()), "slow copy");
        sendGets(Fault.gatewayTimeoutAfterAccept());
        Transport.send(m);

        assertEquals(1, sandbox().messages().size());
        assertEquals(1, sandbox().sentItems());
        assertEquals(SEND_REQUESTS + 3, sandbox().graphRequests(), "404, 404, then found on the third look");
    }

    @Test
    void aSendRefusedWithoutSendingDeletesTheDraftAndFailsForSure() throws Exception {
        Events events = new Events();
        Transport t = connected(events);
        events.nextConnection(ConnectionEvent.OPENED);
        try {
            MimeMessage m = large(Session.getInstance(properties()), "504 before accept");
            int drafts = sandbox().drafts();
            sendGets(Fault.gatewayTimeoutBeforeAccept());

            SendFailedException e = assertThrows(SendFailedException.class, () -> t.sendMessage(m,
                    m.getAllRecipients()));

            assertTrue(e.getMessage().contains("504 GatewayTimeout"), e.getMessage());
            assertTrue(e.getMessage().contains("still an unsent draft in Drafts"), e.getMessage());
            assertTrue(e.getMessage().contains("deleted the draft"), e.getMessage());
            assertTrue(e.getMessage().contains("send the message again"), e.getMessage());
            assertArrayEquals(new Address[]{new InternetAddress(Demo.ALICE)}, e.getValidUnsentAddresses());
            TransportEvent notDelivered = events.nextTransport(TransportEvent.MESSAGE_NOT_DELIVERED);
            assertArrayEquals(e.getValidUnsentAddresses(), notDelivered.getValidUnsentAddresses());
            assertEquals(0, sandbox().messages().size(), "nothing was sent");
            assertEquals(drafts, sandbox().drafts(), "and no draft is left");
            assertEquals(SEND_REQUESTS + 3 + 1 + 1, sandbox().graphRequests(),
                    "three looks, the Drafts folder's id, the delete; never a second send");

            t.sendMessage(m, m.getAllRecipients());   // what the caller does with a definite failure
            events.nextTransport(TransportEvent.MESSAGE_DELIVERED);
            assertEquals(1, sandbox().messages().size());
        } finally {
            t.close();
        }
    }

    @Test
    void anUnsentDraftThatCannotBeDeletedIsKeptAndTheOutcomeStaysUncertain() throws Exception {
        MimeMessage m = large(Session.getInstance(properties()), "delete refused");
        int drafts = sandbox().drafts();
        sendGets(Fault.gatewayTimeoutBeforeAccept());
        sandbox().faults().next(3 + 1, Fault.latency(Duration.ZERO));   // the looks and the Drafts folder's id
        sandbox().faults().next(1, Fault.serviceUnavailable(null));     // the delete

        UncertainDeliveryException e = assertThrows(UncertainDeliveryException.class, () -> Transport.send(m));

        assertTrue(e.getMessage().contains("still an unsent draft in Drafts"), e.getMessage());
        assertTrue(e.getMessage().contains("deleting it from Drafts then failed"), e.getMessage());
        assertTrue(e.getMessage().contains("was kept"), e.getMessage());
        assertEquals(0, sandbox().messages().size());
        assertEquals(drafts + 1, sandbox().drafts(), "the draft is left for a person to judge");
        assertEquals(0, sandbox().faults().queued(), "the delete was tried once");
    }

    @Test
    void aMessageSeenOnItsWayInTheOutboxStaysUncertainAndIsNotDeleted() throws Exception {
        sandbox().sending().sentCopyDelay(Duration.ofSeconds(30)).inTransit(SendingBehaviour.InTransit.OUTBOX);
        MimeMessage m = large(Session.getInstance(properties()), "outbox");
        sendGets(Fault.gatewayTimeoutAfterAccept());

        UncertainDeliveryException e = assertThrows(UncertainDeliveryException.class, () -> Transport.send(m));

        assertTrue(e.getMessage().contains("no longer in Drafts"), e.getMessage());
        assertTrue(e.getMessage().contains("was kept"), e.getMessage());
        assertEquals(1, sandbox().messages().size(), "accepted once, never resent");
        assertEquals(SEND_REQUESTS + 3 + 1, sandbox().graphRequests(), "three looks and the folder's id; no delete");
    }

    @Test
    void aLookThatFailsEndsTheLookingAndTheOutcomeStaysUncertain() throws Exception {
        MimeMessage m = large(Session.getInstance(properties()), "throttled look");
        sendGets(Fault.gatewayTimeoutAfterAccept());
        sandbox().faults().next(1, Fault.throttle(30));

        UncertainDeliveryException e = assertThrows(UncertainDeliveryException.class, () -> Transport.send(m));

        assertTrue(e.getMessage().contains("the lookup failed: Graph answered 429"), e.getMessage());
        assertEquals(1, sandbox().messages().size());
        assertEquals(SEND_REQUESTS + 1, sandbox().graphRequests(), "a throttled look is not waited out, nor repeated");
    }

    @Test
    void whenTheSentCopyGotANewIdTheOutcomeStaysUncertain() throws Exception {
        sandbox().sending().sentCopyKeepsImmutableId(false);
        MimeMessage m = large(Session.getInstance(properties()), "new id");
        sendGets(Fault.gatewayTimeoutAfterAccept());

        UncertainDeliveryException e = assertThrows(UncertainDeliveryException.class, () -> Transport.send(m));

        assertTrue(e.getMessage().contains("not found (ErrorItemNotFound)"), e.getMessage());
        assertTrue(e.getMessage().contains("check the Sent Items of " + Demo.SENDER), e.getMessage());
        assertEquals(1, sandbox().messages().size());
        assertEquals(1, sandbox().sentItems(), "the copy exists, under an id graphmail cannot know");
        assertEquals(SEND_REQUESTS + 3, sandbox().graphRequests());
    }
}
