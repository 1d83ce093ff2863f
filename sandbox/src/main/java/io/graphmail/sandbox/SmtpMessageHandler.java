package io.graphmail.sandbox;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

/**
 * One mail transaction (MAIL, RCPT..., DATA) on the SMTP endpoint: the checks Exchange makes on an authenticated
 * submission, the armed SMTP faults, and the capture.
 */
final class SmtpMessageHandler implements MessageHandler {
    private final SandboxState state;
    private final MessageContext context;
    private final Clock clock;
    private SmtpIdentity who;
    private String mailFrom;
    private final List<String> recipients = new ArrayList<>();

    SmtpMessageHandler(SandboxState state, MessageContext context, Clock clock) {
        this.state = state;
        this.context = context;
        this.clock = clock;
    }

    @Override
    public void from(String from) throws RejectException {
        who = context.getAuthenticationHandler().map(AuthenticationHandler::getIdentity)
            .filter(SmtpIdentity.class::isInstance).map(SmtpIdentity.class::cast)
            .orElseThrow(() -> reject(SmtpReplies.NOT_AUTHENTICATED));
        if (!mayUseAsSender(from)) {
            throw reject(SmtpReplies.SEND_AS_DENIED_ENVELOPE);
        }
        mailFrom = from;
    }

    @Override
    public void recipient(String recipient) throws RejectException {
        if (recipients.size() >= state.config().smtp().maxRecipients()) {
            throw reject(SmtpReplies.TOO_MANY_RECIPIENTS);
        }
        recipients.add(recipient);
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
        byte[] raw = readAtMost(data, state.config().maxMessageBytes());
        if (raw == null) {
            throw reject(SmtpReplies.TOO_BIG);
        }
        Fault fault = state.faults.pollSmtp();
        if (fault != null) {
            switch (fault.kind()) {
                case THROTTLE -> throw reject(SmtpReplies.TEMPORARY_FAILURE);
                case UNAVAILABLE -> throw new DropConnectionException(421,
                    SmtpReplies.SERVICE_UNAVAILABLE.substring(4));
                case RESET_BEFORE_ACCEPT -> throw drop();
                case LATENCY -> fault.pause();
                default -> {
                    // RESET_AFTER_ACCEPT: below, once the message is captured
                }
            }
        }
        MimeMessage message;
        try {
            message = MimeParts.parse(raw);
        } catch (GraphError e) {
            throw new RejectException(554, "5.6.0 Corrupt message content");
        }
        List<String> fromHeader = SmtpCapture.headerAddresses(message, "From");
        if (!fromHeader.isEmpty() && !mayUseAsSender(fromHeader.get(0))
            && !state.config().maySendOnBehalf(who.mailbox(), fromHeader.get(0))) {
            throw reject(SmtpReplies.sendAsDenied(who.mailbox(), fromHeader.get(0)));
        }
        Capture capture = SmtpCapture.of(who, new SmtpEnvelope(mailFrom, recipients), raw, message, clock.instant());
        state.capture(capture);
        if (fault != null && fault.kind() == Fault.Kind.RESET_AFTER_ACCEPT) {
            throw drop();
        }
        return "2.6.0 <" + capture.id() + "@sandbox.graphmail> [InternalId=" + Math.abs(capture.id().hashCode())
            + "] Queued mail for delivery";
    }

    @Override
    public void done() {
        // nothing held between transactions
    }

    private boolean mayUseAsSender(String address) {
        return address.equalsIgnoreCase(who.mailbox()) || state.config().maySendAs(who.mailbox(), address);
    }

    /**
     * Closes the connection without an answer: the client has sent its whole message and cannot know whether it
     * was accepted. The library then finds the socket closed and ends the session.
     */
    private IOException drop() throws IOException {
        ((Session) context).getSocket().close();
        return new IOException("connection dropped by an armed SMTP fault");
    }

    /** @return the data, or null (after reading it all, so the session stays in step) when it is over the limit */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total <= limit) {
                out.write(buf, 0, n);
            }
        }
        return total > limit ? null : out.toByteArray();
    }

    private static RejectException reject(String reply) {
        SmtpRefusal r = new SmtpRefusal(reply);
        return new RejectException(r.code(), r.text());
    }
}
