package io.graphmail.sandbox;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;

/**
 * Angus Mail's SMTP transport pointed at a sandbox's SMTP endpoint: STARTTLS required, trust in exactly the
 * sandbox's certificate, XOAUTH2 either Angus's own way (the initial response on the AUTH line) or the two-line way
 * (AUTH XOAUTH2, then the response after 334) through the transport's own command channel.
 */
final class SmtpTestClient {
    private final Sandbox sandbox;

    SmtpTestClient(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** @param auth whether Angus authenticates by itself at connect (XOAUTH2 only, one-line form) */
    Session session(boolean auth, boolean starttls) {
        Properties p = new Properties();
        p.put("mail.smtp.host", sandbox.smtpHost());
        p.put("mail.smtp.port", String.valueOf(sandbox.smtpPort()));
        p.put("mail.smtp.starttls.enable", String.valueOf(starttls));
        p.put("mail.smtp.starttls.required", String.valueOf(starttls));
        p.put("mail.smtp.ssl.socketFactory", sandbox.clientSslContext().getSocketFactory());
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.auth", String.valueOf(auth));
        p.put("mail.smtp.auth.mechanisms", "XOAUTH2");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        return Session.getInstance(p);
    }

    /** Connects and authenticates with Angus's own XOAUTH2 (initial response on the AUTH line). */
    Transport oneLine(String user, String token) throws MessagingException {
        Transport t = session(true, true).getTransport("smtp");
        t.connect(user, token);
        return t;
    }

    /** Connects (STARTTLS, no AUTH yet). */
    org.eclipse.angus.mail.smtp.SMTPTransport connected() throws MessagingException {
        org.eclipse.angus.mail.smtp.SMTPTransport t =
            (org.eclipse.angus.mail.smtp.SMTPTransport) session(false, true).getTransport("smtp");
        t.connect();
        return t;
    }

    /**
     * Authenticates in the two-line form.
     *
     * @return the server's last answer (the whole line)
     */
    static String twoLine(org.eclipse.angus.mail.smtp.SMTPTransport t, String user, String token)
        throws MessagingException {
        int code = t.simpleCommand("AUTH XOAUTH2");
        if (code != 334) {
            return t.getLastServerResponse();
        }
        t.simpleCommand(sasl(user, token));
        return t.getLastServerResponse();
    }

    /** Connects and authenticates in the two-line form, failing the test unless the answer is 235. */
    org.eclipse.angus.mail.smtp.SMTPTransport authenticated(String user, String token) throws MessagingException {
        org.eclipse.angus.mail.smtp.SMTPTransport t = connected();
        String answer = twoLine(t, user, token);
        if (!answer.startsWith("235")) {
            t.close();
            throw new AssertionError("AUTH refused: " + answer);
        }
        return t;
    }

    static String sasl(String user, String token) {
        return Base64.getEncoder().encodeToString(("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001")
            .getBytes(StandardCharsets.UTF_8));
    }

    MimeMessage message(Session session, String from, String to, String cc, String bcc, String subject)
        throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, to);
        if (cc != null) {
            m.setRecipients(Message.RecipientType.CC, cc);
        }
        if (bcc != null) {
            m.setRecipients(Message.RecipientType.BCC, bcc);
        }
        m.setSubject(subject);
        m.setText("Hello over SMTP.");
        m.saveChanges();
        return m;
    }

    static void send(Transport t, MimeMessage m) throws MessagingException {
        Address[] all = m.getAllRecipients();
        t.sendMessage(m, all);
    }
}
