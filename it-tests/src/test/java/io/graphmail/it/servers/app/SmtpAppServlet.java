package io.graphmail.it.servers.app;

import io.graphmail.it.ItConfig;
import jakarta.annotation.Resource;
import jakarta.mail.MailSessionDefinition;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Another application on the same server, which knows nothing of graphmail and was not given access to it: its own
 * smtp session, the static {@code Transport.send}. {@code POST /smtp?to=&subject=}. Its mail must keep reaching its
 * SMTP server while graphmail is deployed next to it. {@code mail.transport.protocol} is also a property because
 * WildFly ignores {@code transportProtocol} (docs/wildfly.md).
 */
@MailSessionDefinition(
    name = "java:app/mail/smtp",
    transportProtocol = "smtp",
    from = "app@example.org",
    properties = {
        "mail.transport.protocol=smtp",
        "mail.smtp.host=127.0.0.1",
        "mail.smtp.port=" + ItConfig.SMTP_PORT
    })
@WebServlet("/smtp")
public class SmtpAppServlet extends HttpServlet {

    @Resource(lookup = "java:app/mail/smtp")
    private Session smtp;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            MimeMessage m = new MimeMessage(smtp);
            m.setFrom(new InternetAddress("app@example.org"));
            m.setRecipients(Message.RecipientType.TO, req.getParameter("to"));
            m.setSubject(req.getParameter("subject"));
            m.setText("Sent by SMTP.\r\n", "UTF-8");
            Transport.send(m);
            resp.setContentType("text/plain");
            resp.getWriter().print("sent");
        } catch (Exception | LinkageError e) {
            Reply.failure(resp, e);
        }
    }
}
