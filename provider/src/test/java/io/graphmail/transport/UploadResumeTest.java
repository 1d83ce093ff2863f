package io.graphmail.transport;

import static io.graphmail.transport.LargeMessageTest.MB;
import static io.graphmail.transport.LargeMessageTest.attachment;
import static io.graphmail.transport.LargeMessageTest.bytes;
import static io.graphmail.transport.LargeMessageTest.content;
import static io.graphmail.transport.LargeMessageTest.named;
import static io.graphmail.transport.LargeMessageTest.withParts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Upload chunks that the service refuses (503, 429) against the sandbox's upload URLs: the provider sends the chunk
 * again from the byte the session still expects, and the attachment arrives whole; once mail.graph.retries is spent
 * the caller gets an error naming the attachment and the bytes, and no draft is left behind.
 */
class UploadResumeTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo());

    private static Sandbox sandbox() {
        return SANDBOX.get();
    }

    @BeforeEach
    void clean() {
        sandbox().clearMessages();
        sandbox().faults().clear();
    }

    @AfterEach
    void nothingLeftBehind() {
        sandbox().faults().clear();
        assertEquals(0, sandbox().drafts(), "no draft may be left in the mailbox");
        assertEquals(0, sandbox().openUploadSessions(), "no upload session may be left open");
    }

    @Test
    void refusedChunksAreSentAgainAndTheAttachmentArrivesWhole() throws Exception {
        Session session = Session.getInstance(Demo.properties(sandbox()));
        byte[] archive = bytes(9 * MB, 42);   // three chunks of at most 4 MB
        MimeMessage m = withParts(session, "Resumed", attachment("archive.zip", "application/zip", archive));
        sandbox().faults().nextUploadChunks(1, Fault.serviceUnavailable(1));
        sandbox().faults().nextUploadChunks(1, Fault.throttle(null));

        Transport.send(m);

        assertEquals(0, sandbox().faults().queued(), "both refusals were met");
        CapturedMessage c = sandbox().messages().get(0);
        assertEquals(1, sandbox().messages().size());
        assertEquals("draft", c.submittedVia());
        assertEquals(9L * MB, named(c, "archive.zip").size());
        MimeMessage received = new MimeMessage(session, new ByteArrayInputStream(c.rawMime()));
        assertArrayEquals(archive, content(received, "archive.zip"), "every byte once, in order");
    }

    @Test
    void chunksStillRefusedAfterTheRetriesFailTheSendAndTheDraftIsDeleted() throws Exception {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.retries", "1");
        Session session = Session.getInstance(p);
        MimeMessage m = withParts(session, "Never", attachment("big.bin", "application/octet-stream",
            bytes(5 * MB, 7)));
        sandbox().faults().nextUploadChunks(3, Fault.serviceUnavailable(null));

        SendFailedException e = assertThrows(SendFailedException.class, () -> Transport.send(m));

        String text = e.getMessage() + " / " + e.getCause();
        assertTrue(text.contains("big.bin"), text);
        assertTrue(text.contains("ServiceUnavailable"), text);
        assertEquals(0, sandbox().messages().size(), "nothing was sent");
    }
}
