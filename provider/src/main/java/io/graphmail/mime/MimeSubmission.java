package io.graphmail.mime;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The MIME that goes to Graph's sendMail for one message and one envelope.
 *
 * <p>Graph takes the recipients from the To, Cc and Bcc headers of the submitted MIME (docs/graph-behaviour.md §1.2),
 * so the envelope a caller gives to {@code sendMessage(msg, addresses)} is honoured by rewriting those headers: header
 * recipients that are in the envelope stay where they were, the rest of the envelope becomes Bcc, and header
 * recipients outside the envelope are dropped. Bcc is always kept in the MIME: Graph delivers to it and strips it.
 */
public final class MimeSubmission {

    private static final String[] RECIPIENT_HEADERS = {"To", "Cc", "Bcc", "Content-Length"};
    private static final String[] ALWAYS_IGNORED = {"Content-Length"};

    private final MimeMessage message;
    private final List<InternetAddress> envelope;
    private final List<InternetAddress> recipients;
    /** Read from the headers once: the MIME is written more than once per send (measured, then submitted). */
    private Recipients submitted;

    private MimeSubmission(MimeMessage message, List<InternetAddress> envelope) {
        this.message = message;
        this.envelope = envelope;
        this.recipients = distinctMembers(envelope);
    }

    /**
     * @throws MessagingException when the message is not a MimeMessage or an address is not an Internet address
     */
    public static MimeSubmission of(Message message, Address[] envelope) throws MessagingException {
        if (!(message instanceof MimeMessage)) {
            throw new MessagingException("the graph transport sends MIME messages only (jakarta.mail.internet.MimeMessage);"
                    + " got " + message.getClass().getName());
        }
        List<InternetAddress> list = new ArrayList<>();
        for (Address a : envelope) {
            if (!(a instanceof InternetAddress)) {
                throw new MessagingException("the graph transport sends to Internet addresses only; got "
                        + a.getType() + " address " + a);
            }
            list.add((InternetAddress) a);
        }
        return new MimeSubmission((MimeMessage) message, list);
    }

    /**
     * The envelope's addresses in the order given, groups replaced by their members (as Angus SMTP does: an empty
     * group such as {@code undisclosed-recipients:;} names nobody), duplicates removed (case-insensitive).
     */
    public List<InternetAddress> recipients() {
        return recipients;
    }

    private static List<InternetAddress> distinctMembers(List<InternetAddress> envelope) {
        Set<String> seen = new LinkedHashSet<>();
        List<InternetAddress> out = new ArrayList<>();
        for (InternetAddress a : envelope) {
            for (InternetAddress member : members(a)) {
                if (seen.add(key(member))) out.add(member);
            }
        }
        return List.copyOf(out);
    }

    private static InternetAddress[] members(InternetAddress a) {
        if (!a.isGroup()) return new InternetAddress[]{a};
        try {
            InternetAddress[] members = a.getGroup(false);
            return members == null ? new InternetAddress[0] : members;
        } catch (AddressException unparsable) {
            return new InternetAddress[]{a};   // let Graph judge it, as it judges any other bad address
        }
    }

    /** The message as submitted, base64-encoded as sendMail's text/plain body expects, without line breaks. */
    public byte[] base64() throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (OutputStream b64 = Base64.getEncoder().wrap(out)) {
            writeTo(b64);
        }
        return out.toByteArray();
    }

    /**
     * The message as submitted, base64-encoded, written once: when its base64 is at most {@code limit} bytes (one
     * sendMail request), the body and the MIME size; otherwise null, having held no more than {@code limit} bytes —
     * the caller then measures the message with {@link #size()} and takes the large path.
     */
    public Base64Mime base64Within(int limit) throws MessagingException, IOException {
        BoundedBase64 out = new BoundedBase64(limit);
        try {
            writeTo(out.mimeSink());
            out.finish();
        } catch (BoundedBase64.Overflow tooLarge) {
            return null;
        }
        return new Base64Mime(out.base64(), out.mimeBytes());
    }

    /**
     * A message's submitted form for one sendMail request.
     *
     * @param base64    the request body
     * @param mimeBytes the size of the MIME it encodes
     */
    public record Base64Mime(byte[] base64, long mimeBytes) {
    }

    /**
     * The size in bytes of the MIME as submitted, measured by writing it to a counter: large attachments are streamed
     * through, never held. Also brings the message's headers up to date (as {@code writeTo} does), which
     * {@link DraftMime} relies on.
     */
    public long size() throws MessagingException, IOException {
        CountingOutputStream counter = new CountingOutputStream();
        writeTo(counter);
        return counter.count();
    }

    /** The length of the base64 form (no line breaks) of {@code bytes} bytes of MIME. */
    public static long base64Length(long bytes) {
        return (bytes + 2) / 3 * 4;
    }

    /** Writes the MIME with the To/Cc/Bcc headers matching the envelope. */
    public void writeTo(OutputStream out) throws MessagingException, IOException {
        message.writeTo(out, writeEnvelopeHeaders(out));
    }

    /**
     * Writes the top-level header block as {@link #writeTo} does (ending with the empty line), without the body: the
     * start of a {@link DraftMime}. Call it after the message was written once (e.g. {@link #size()}), so that its
     * headers are saved.
     */
    void writeHeaders(OutputStream out) throws MessagingException, IOException {
        String[] ignored = writeEnvelopeHeaders(out);
        java.util.Enumeration<String> lines = message.getNonMatchingHeaderLines(ignored);
        while (lines.hasMoreElements()) {
            out.write(headerBytes(lines.nextElement()));
            out.write(CRLF);
        }
        out.write(CRLF);
    }

    MimeMessage message() {
        return message;
    }

    /** Header lines as MimeMessage.writeTo writes them: UTF-8 only when the session allows it, else byte per char. */
    byte[] headerBytes(String line) {
        Object utf8 = message.getSession() == null ? null : message.getSession().getProperties().get("mail.mime.allowutf8");
        boolean allowUtf8 = utf8 != null && Boolean.parseBoolean(utf8.toString());
        return line.getBytes(allowUtf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    static final byte[] CRLF = {'\r', '\n'};

    /**
     * Writes To/Cc/Bcc rewritten for the envelope when it differs from the headers.
     *
     * @return the header names the rest of the message must then be written without
     */
    private String[] writeEnvelopeHeaders(OutputStream out) throws MessagingException, IOException {
        Recipients r = submittedRecipients();
        if (!r.rewritten()) {
            return ALWAYS_IGNORED;
        }
        StringBuilder headers = new StringBuilder();
        header(headers, "To", r.to());
        header(headers, "Cc", r.cc());
        header(headers, "Bcc", r.bcc());
        out.write(headers.toString().getBytes(StandardCharsets.US_ASCII));
        return RECIPIENT_HEADERS;
    }

    /**
     * To, Cc and Bcc as submitted: the message's own headers when they name exactly the envelope, else rewritten
     * for it (header recipients in the envelope keep their place, the rest of the envelope is Bcc).
     *
     * @param to        visible To recipients
     * @param cc        visible Cc recipients
     * @param bcc       hidden recipients
     * @param rewritten whether they differ from the message's headers
     */
    record Recipients(List<InternetAddress> to, List<InternetAddress> cc, List<InternetAddress> bcc,
                      boolean rewritten) {
    }

    /** The recipients this submission delivers to, placed in To/Cc/Bcc as {@link #writeTo} writes them. */
    Recipients submittedRecipients() throws MessagingException {
        if (submitted == null) {
            submitted = placeRecipients();
        }
        return submitted;
    }

    private Recipients placeRecipients() throws MessagingException {
        InternetAddress[] to = addresses(Message.RecipientType.TO);
        InternetAddress[] cc = addresses(Message.RecipientType.CC);
        InternetAddress[] bcc = addresses(Message.RecipientType.BCC);
        if (sameRecipients(to, cc, bcc)) {
            return new Recipients(List.of(to), List.of(cc), List.of(bcc), false);
        }
        Set<String> inEnvelope = new LinkedHashSet<>();
        for (InternetAddress a : recipients) inEnvelope.add(key(a));
        Set<String> placed = new LinkedHashSet<>();
        List<InternetAddress> newTo = keep(to, inEnvelope, placed);
        List<InternetAddress> newCc = keep(cc, inEnvelope, placed);
        List<InternetAddress> newBcc = keep(bcc, inEnvelope, placed);
        for (InternetAddress a : recipients) {
            if (placed.add(key(a))) newBcc.add(a);
        }
        return new Recipients(newTo, newCc, newBcc, true);
    }

    /**
     * Whether the headers name exactly the envelope, each address once. An address listed twice is rewritten away:
     * Graph counts header entries against its 500-recipient limit, while the envelope (and our check) counts people.
     */
    private boolean sameRecipients(InternetAddress[] to, InternetAddress[] cc, InternetAddress[] bcc) {
        Set<String> headers = new LinkedHashSet<>();
        int entries = 0;
        for (InternetAddress[] list : new InternetAddress[][]{to, cc, bcc}) {
            for (InternetAddress a : list) headers.add(key(a));
            entries += list.length;
        }
        if (entries != headers.size()) {
            return false;
        }
        Set<String> env = new LinkedHashSet<>();
        for (InternetAddress a : envelope) env.add(key(a));
        return headers.equals(env);
    }

    private InternetAddress[] addresses(Message.RecipientType type) throws MessagingException {
        Address[] a = message.getRecipients(type);
        if (a == null) return new InternetAddress[0];
        List<InternetAddress> out = new ArrayList<>();
        for (Address x : a) {
            if (x instanceof InternetAddress) out.add((InternetAddress) x);
        }
        return out.toArray(new InternetAddress[0]);
    }

    private static List<InternetAddress> keep(InternetAddress[] list, Set<String> inEnvelope, Set<String> placed) {
        List<InternetAddress> out = new ArrayList<>();
        for (InternetAddress a : list) {
            if (inEnvelope.contains(key(a)) && placed.add(key(a))) out.add(a);
        }
        return out;
    }

    private static void header(StringBuilder sb, String name, List<InternetAddress> list) {
        if (list.isEmpty()) return;
        // InternetAddress.toString(array, used) folds long lines and encodes personal names
        sb.append(name).append(": ")
                .append(InternetAddress.toString(list.toArray(new InternetAddress[0]), name.length() + 2))
                .append("\r\n");
    }

    static String key(InternetAddress a) {
        return a.getAddress() == null ? "" : a.getAddress().toLowerCase(Locale.ROOT);
    }
}
