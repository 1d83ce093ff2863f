package io.graphmail.it.app;

import io.graphmail.it.ItConfig;
import jakarta.annotation.Resource;
import jakarta.mail.MailSessionDefinition;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The application under test: plain Jakarta Mail only (nothing of graphmail is imported; ItConfig's constants are
 * inlined by the compiler). One session the server defines for graph, one still on smtp, and one an administrator
 * created with asadmin for graph, all used through the static {@code Transport.send(msg)} as most applications do.
 * {@code POST /send?session=graph|smtp|asadmin&from=&to=&bcc=&subject=} ({@code from} is optional).
 */
@MailSessionDefinition(
    name = "java:app/mail/graph",
    transportProtocol = "graph",
    properties = {
        "mail.graph.tenant=" + ItConfig.TENANT,
        "mail.graph.client.id=" + ItConfig.CLIENT_ID,
        "mail.graph.client.secret=" + ItConfig.SECRET,
        "mail.graph.authority=" + ItConfig.SANDBOX_URL,
        "mail.graph.endpoint=" + ItConfig.SANDBOX_URL,
        "mail.graph.ssl.truststore=" + ItConfig.TRUSTSTORE,
        "mail.graph.ssl.truststore.password=changeit"
    })
@MailSessionDefinition(
    name = "java:app/mail/smtp",
    transportProtocol = "smtp",
    properties = {
        "mail.smtp.host=127.0.0.1",
        "mail.smtp.port=" + ItConfig.SMTP_PORT
    })
@WebServlet("/send")
public class MailServlet extends HttpServlet {

    @Resource(lookup = "java:app/mail/graph")
    private Session graph;

    @Resource(lookup = "java:app/mail/smtp")
    private Session smtp;

    /** created by asadmin create-javamail-resource (postboot.txt) */
    @Resource(lookup = "mail/graph-session")
    private Session asadmin;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Session session = switch (req.getParameter("session")) {
            case "graph" -> graph;
            case "asadmin" -> asadmin;
            default -> smtp;
        };
        try {
            MimeMessage m = Messages.fromRequest(session, req,
                "Sent by a mail session the server defines, in Payara.\r\n");
            Transport.send(m);
            resp.setContentType("text/plain");
            resp.getWriter().print("sent");
        } catch (MessagingException e) {
            // the test prints this: the server's view of a failed send
            resp.setStatus(500);
            resp.setContentType("text/plain");
            e.printStackTrace(resp.getWriter());
        }
    }
}
