package io.graphmail.it.app;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.HttpServletRequest;

/** The message a test application builds from a request: {@code from} (else the session's mail.from), to, bcc, subject. */
public final class Messages {

    private Messages() {
    }

    static MimeMessage fromRequest(Session session, HttpServletRequest req, String text) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        if (req.getParameter("from") != null) {
            m.setFrom(new InternetAddress(req.getParameter("from")));
        } else {
            m.setFrom();
        }
        m.setRecipients(Message.RecipientType.TO, req.getParameter("to"));
        if (req.getParameter("bcc") != null) {
            m.setRecipients(Message.RecipientType.BCC, req.getParameter("bcc"));
        }
        m.setSubject(req.getParameter("subject"));
        m.setText(text, "UTF-8");
        return m;
    }
}
