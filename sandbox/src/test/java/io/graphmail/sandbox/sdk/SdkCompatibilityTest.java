package io.graphmail.sandbox.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenCredential;
import com.microsoft.graph.core.models.UploadResult;
import com.microsoft.graph.core.tasks.LargeFileUploadTask;
import com.microsoft.graph.models.Attachment;
import com.microsoft.graph.models.AttachmentItem;
import com.microsoft.graph.models.AttachmentType;
import com.microsoft.graph.models.BodyType;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.FileAttachment;
import com.microsoft.graph.models.ItemBody;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.models.UploadSession;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.messages.item.attachments.createuploadsession.CreateUploadSessionPostRequestBody;
import com.microsoft.graph.users.item.sendmail.SendMailPostRequestBody;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Microsoft Graph Java SDK 6.x with azure-identity, unmodified, against the sandbox: what a team whose application
 * uses the SDK sees. Each test asserts what reached the sandbox and what the SDK caller gets back.
 */
class SdkCompatibilityTest {
    static final String SENDER = "sender@contoso.example";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private Sandbox sandbox;
    private GraphServiceClient graph;

    @BeforeEach
    void client() {
        sandbox = SANDBOX.get();
        TokenCredential credential = SdkClients.credential(sandbox, SandboxConfig.DEMO_TENANT_ID,
            SandboxConfig.DEMO_CLIENT_ID, SandboxConfig.DEMO_SECRET);
        graph = SdkClients.graph(sandbox, credential);
    }

    @Test
    void sendMailWithAttachmentsArrivesWithTheBytesTheSdkSent() throws Exception {
        byte[] pdf = bytes(40_000, 1);
        byte[] png = bytes(2_000, 2);
        Message message = message("SDK with attachments", "<p>Hello <b>from the SDK</b><img src=\"cid:logo\"></p>",
            "alice@contoso.example");
        message.setAttachments(List.of(file("report.pdf", "application/pdf", pdf, false, null),
            file("logo.png", "image/png", png, true, "logo")));
        SendMailPostRequestBody body = new SendMailPostRequestBody();
        body.setMessage(message);
        body.setSaveToSentItems(false);

        graph.users().byUserId(SENDER).sendMail().post(body);

        CapturedMessage captured = only();
        // the SDK names the action parameters as Graph's metadata does, not as the docs' examples do
        assertTrue(captured.submittedJson().contains("\"Message\""), captured.submittedJson());
        assertTrue(captured.submittedJson().contains("\"SaveToSentItems\""), captured.submittedJson());
        assertFalse(captured.saveToSentItems());
        assertEquals("sendMail-json", captured.submittedVia());
        assertEquals(List.of("alice@contoso.example"), captured.to());
        MimeMessage mime = parse(captured.rawMime());
        assertArrayEquals(pdf, attachment(mime, "report.pdf"));
        assertArrayEquals(png, attachment(mime, "logo.png"));
    }

    @Test
    void draftWithTenMegabyteUploadThenSend() throws Exception {
        Message draft = graph.users().byUserId(SENDER).messages().post(message("SDK large", "big file attached",
            "bob@contoso.example"));
        assertNotNull(draft.getId());
        assertTrue(draft.getIsDraft());

        byte[] big = bytes(10 * 1024 * 1024, 3);
        AttachmentItem item = new AttachmentItem();
        item.setAttachmentType(AttachmentType.File);
        item.setName("big.bin");
        item.setSize((long) big.length);
        item.setContentType("application/octet-stream");
        CreateUploadSessionPostRequestBody request = new CreateUploadSessionPostRequestBody();
        request.setAttachmentItem(item);
        UploadSession session = graph.users().byUserId(SENDER).messages().byMessageId(draft.getId()).attachments()
            .createUploadSession().post(request);

        // Graph's documentation allows "up to 4 MB" per PUT; the SDK's default slice is 5 MiB (docs/sandbox.md)
        LargeFileUploadTask<AttachmentItem> task = new LargeFileUploadTask<>(graph.getRequestAdapter(), session,
            new ByteArrayInputStream(big), big.length, 4L * 1024 * 1024, AttachmentItem::createFromDiscriminatorValue);
        UploadResult<AttachmentItem> result = task.upload();
        assertTrue(result.isUploadSuccessful());
        assertNotNull(result.location);

        graph.users().byUserId(SENDER).messages().byMessageId(draft.getId()).send().post();

        CapturedMessage captured = only();
        assertEquals("draft", captured.submittedVia());
        assertArrayEquals(big, attachment(parse(captured.rawMime()), "big.bin"));
        assertEquals(0, sandbox.drafts());
    }

    @Test
    void draftWithASmallAttachmentAddedLaterThenSend() throws Exception {
        Message draft = graph.users().byUserId(SENDER).messages().post(message("SDK small attachment", "see attached",
            "alice@contoso.example"));
        byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        Attachment added = graph.users().byUserId(SENDER).messages().byMessageId(draft.getId()).attachments()
            .post(file("data.csv", "text/csv", csv, false, null));
        assertNotNull(added.getId());
        assertEquals("data.csv", added.getName());

        graph.users().byUserId(SENDER).messages().byMessageId(draft.getId()).send().post();

        assertArrayEquals(csv, attachment(parse(only().rawMime()), "data.csv"));
    }

    @Test
    void invalidRecipientIsAnODataErrorWithCodeAndRequestId() {
        SendMailPostRequestBody body = new SendMailPostRequestBody();
        body.setMessage(message("to nobody", "x", "nobody@contoso.example"));

        ODataError e = assertThrows(ODataError.class, () -> graph.users().byUserId(SENDER).sendMail().post(body));

        assertEquals(400, e.getResponseStatusCode());
        assertEquals("ErrorInvalidRecipients", e.getError().getCode());
        assertTrue(e.getError().getMessage().contains("nobody@contoso.example"), e.getError().getMessage());
        String requestId = e.getError().getInnerError().getRequestId();
        assertEquals(e.getResponseHeaders().get("request-id").iterator().next(), requestId);
        assertNotNull(e.getError().getInnerError().getDate());
        assertTrue(sandbox.messages().isEmpty());
    }

    @Test
    void throttledSendIsRetriedByTheSdkAndSucceeds() {
        sandbox.faults().next(1, Fault.throttle(1));
        SendMailPostRequestBody body = new SendMailPostRequestBody();
        body.setMessage(message("after a 429", "x", "alice@contoso.example"));

        graph.users().byUserId(SENDER).sendMail().post(body);

        assertEquals(1, sandbox.messages().size());
        assertEquals(0, sandbox.faults().queued());
        assertEquals(2, sandbox.graphRequests());
    }

    @Test
    void unavailableSendIsRetriedByTheSdkAndSucceeds() {
        sandbox.faults().next(2, Fault.serviceUnavailable(1));
        SendMailPostRequestBody body = new SendMailPostRequestBody();
        body.setMessage(message("after two 503s", "x", "alice@contoso.example"));

        graph.users().byUserId(SENDER).sendMail().post(body);

        assertEquals(1, sandbox.messages().size());
        assertEquals(3, sandbox.graphRequests());
    }

    /**
     * The SDK's retry handler also retries a 504, which Graph may answer after it accepted the message: the sandbox
     * shows the duplicate that the SDK's default configuration produces (docs/sandbox.md).
     */
    @Test
    void gatewayTimeoutAfterAcceptIsResentByTheSdkAndArrivesTwice() {
        sandbox.faults().next(1, Fault.gatewayTimeoutAfterAccept());
        SendMailPostRequestBody body = new SendMailPostRequestBody();
        body.setMessage(message("504 then retried", "x", "alice@contoso.example"));

        graph.users().byUserId(SENDER).sendMail().post(body);

        assertEquals(2, sandbox.messages().size());
        assertEquals(sandbox.messages().get(0).subject(), sandbox.messages().get(1).subject());
    }

    @Test
    void wrongSecretIsAnAuthenticationFailureNamingAadsts7000215() {
        GraphServiceClient wrong = SdkClients.graph(sandbox, SdkClients.credential(sandbox,
            SandboxConfig.DEMO_TENANT_ID, SandboxConfig.DEMO_CLIENT_ID, "not-the-secret"));
        SendMailPostRequestBody body = new SendMailPostRequestBody();
        body.setMessage(message("never sent", "x", "alice@contoso.example"));

        RuntimeException e = assertThrows(RuntimeException.class,
            () -> wrong.users().byUserId(SENDER).sendMail().post(body));

        assertTrue(causes(e).contains("AADSTS7000215"), causes(e));
        assertEquals(0, sandbox.graphRequests());
        assertTrue(sandbox.messages().isEmpty());
    }

    @Test
    void theSdksDefaultFiveMebibyteSliceIsRefusedAsOverTheDocumentedFourMegabytes() throws Exception {
        Message draft = graph.users().byUserId(SENDER).messages().post(message("default slices", "x",
            "bob@contoso.example"));
        byte[] big = bytes(6 * 1024 * 1024, 4);
        AttachmentItem item = new AttachmentItem();
        item.setAttachmentType(AttachmentType.File);
        item.setName("six.bin");
        item.setSize((long) big.length);
        CreateUploadSessionPostRequestBody request = new CreateUploadSessionPostRequestBody();
        request.setAttachmentItem(item);
        UploadSession session = graph.users().byUserId(SENDER).messages().byMessageId(draft.getId()).attachments()
            .createUploadSession().post(request);

        LargeFileUploadTask<AttachmentItem> task = new LargeFileUploadTask<>(graph.getRequestAdapter(), session,
            new ByteArrayInputStream(big), big.length, AttachmentItem::createFromDiscriminatorValue);

        com.microsoft.kiota.ApiException e = assertThrows(com.microsoft.kiota.ApiException.class, task::upload);
        assertEquals(400, e.getResponseStatusCode());
        assertEquals(1, sandbox.openUploadSessions());
    }

    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(" | ");
        }
        return b.toString();
    }

    @Test
    void azureIdentityAsksForOneTokenForManySends() {
        SdkClients.teachMsalTheSandboxHost(sandbox);
        graph = SdkClients.graph(sandbox, SdkClients.credential(sandbox, SandboxConfig.DEMO_TENANT_ID,
            SandboxConfig.DEMO_CLIENT_ID, SandboxConfig.DEMO_SECRET));
        for (int i = 0; i < 3; i++) {
            SendMailPostRequestBody body = new SendMailPostRequestBody();
            body.setMessage(message("send " + i, "x", "alice@contoso.example"));
            graph.users().byUserId(SENDER).sendMail().post(body);
        }
        assertEquals(3, sandbox.messages().size());
        assertEquals(1, sandbox.tokenRequests());
    }

    private CapturedMessage only() {
        List<CapturedMessage> messages = sandbox.messages();
        assertEquals(1, messages.size());
        return messages.get(0);
    }

    static Message message(String subject, String html, String to) {
        Message m = new Message();
        m.setSubject(subject);
        ItemBody body = new ItemBody();
        body.setContentType(BodyType.Html);
        body.setContent(html);
        m.setBody(body);
        Recipient r = new Recipient();
        EmailAddress a = new EmailAddress();
        a.setAddress(to);
        r.setEmailAddress(a);
        m.setToRecipients(List.of(r));
        return m;
    }

    static Attachment file(String name, String type, byte[] content, boolean inline, String contentId) {
        FileAttachment a = new FileAttachment();
        a.setName(name);
        a.setContentType(type);
        a.setContentBytes(content);
        a.setIsInline(inline);
        a.setContentId(contentId);
        return a;
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    static byte[] attachment(Part part, String name) throws Exception {
        List<byte[]> found = new ArrayList<>();
        find(part, name, found);
        assertEquals(1, found.size(), "attachments named " + name);
        return found.get(0);
    }

    private static void find(Part part, String name, List<byte[]> found) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                find(child, name, found);
            }
        } else if (name.equals(part.getFileName())) {
            try (InputStream in = part.getInputStream()) {
                found.add(in.readAllBytes());
            }
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
