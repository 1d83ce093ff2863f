package io.graphmail.it.servers.app;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
import io.graphmail.it.ItConfig;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The application that sends through graphmail on a scripted server, the way the server pages tell developers to.
 * Everything is looked up when used (not injected), so that the application deploys whatever the server's state,
 * and each failure reaches the test as the caller would see it.
 * {@code POST /send?via=factory|session|app-factory&jndi=&to=&subject=[&from=]}:
 * <ul>
 * <li>{@code factory}: the administrator's factory at {@code jndi}, a pooled connection;</li>
 * <li>{@code session}: the administrator's mail session at {@code jndi}, the static {@code Transport.send};</li>
 * <li>{@code app-factory}: the factory this application defines below, {@code Transport.send} on its session.</li>
 * </ul>
 * The property names start with a small letter: the one form every server accepts (docs/other-servers.md).
 */
@ConnectionFactoryDefinition(
    name = "java:app/graphmail/app",
    interfaceName = "io.graphmail.api.GraphMailConnectionFactory",
    resourceAdapter = ItConfig.ADAPTER,
    transactionSupport = TransactionSupportLevel.NoTransaction,
    maxPoolSize = 4,
    minPoolSize = 0,
    properties = {
        "tenantId=" + ItConfig.TENANT,
        "clientId=" + ItConfig.CLIENT_ID,
        "clientSecret=" + ItConfig.SECRET,
        "authorityUrl=" + ItConfig.SANDBOX_URL,
        "graphUrl=" + ItConfig.SANDBOX_URL,
        "trustStore=" + ItConfig.TRUSTSTORE,
        "trustStorePassword=changeit"
    })
@WebServlet("/send")
public class ShopServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            switch (req.getParameter("via")) {
                case "factory" -> {
                    GraphMailConnectionFactory f = lookup(req.getParameter("jndi"));
                    try (GraphMailConnection c = f.getConnection()) {
                        c.send(message(f.getSession(), req));
                    }
                }
                case "session" -> Transport.send(message(lookup(req.getParameter("jndi")), req));
                case "app-factory" -> {
                    GraphMailConnectionFactory f = lookup("java:app/graphmail/app");
                    Transport.send(message(f.getSession(), req));
                }
                default -> throw new IllegalArgumentException("via=" + req.getParameter("via"));
            }
            resp.setContentType("text/plain");
            resp.getWriter().print("sent");
        } catch (Exception | LinkageError e) {
            Reply.failure(resp, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T lookup(String name) throws NamingException {
        return (T) new InitialContext().lookup(name);
    }

    static MimeMessage message(Session session, HttpServletRequest req) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        if (req.getParameter("from") != null) {
            m.setFrom(new InternetAddress(req.getParameter("from")));
        } else {
            m.setFrom();
        }
        m.setRecipients(Message.RecipientType.TO, req.getParameter("to"));
        m.setSubject(req.getParameter("subject"));
        m.setText("Sent by a test application.\r\n", "UTF-8");
        return m;
    }
}
