package io.graphmail.it.app;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
import io.graphmail.it.ItConfig;
import jakarta.annotation.Resource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Pooled factories on the other sign-in and wire: {@code Submit=smtp} (the app signs in to Exchange's SMTP endpoint
 * with XOAUTH2) and {@code Auth=delegated} (the user who signed in with graphmail authorize; the cache file is
 * written by the test before the first send). {@code POST /wires?factory=smtp|delegated&from=&to=&bcc=&subject=}
 * sends through a pooled connection; {@code POST /wires?factory=…&verify} answers the factory's verify() lines.
 */
@ConnectionFactoryDefinition(
    name = "java:app/graphmail/smtp",
    interfaceName = "io.graphmail.api.GraphMailConnectionFactory",
    resourceAdapter = ItConfig.ADAPTER,
    transactionSupport = TransactionSupportLevel.NoTransaction,
    maxPoolSize = 4,
    minPoolSize = 0,
    properties = {
        "TenantId=" + ItConfig.TENANT,
        "ClientId=" + ItConfig.CLIENT_ID,
        "ClientSecret=" + ItConfig.SECRET,
        "AuthorityUrl=" + ItConfig.SANDBOX_URL,
        "GraphUrl=" + ItConfig.SANDBOX_URL,
        "TrustStore=" + ItConfig.TRUSTSTORE,
        "TrustStorePassword=changeit",
        "Mailbox=sender@contoso.example",
        "Submit=smtp",
        "SmtpHost=127.0.0.1",
        "SmtpPort=" + ItConfig.SANDBOX_SMTP_PORT
    })
@ConnectionFactoryDefinition(
    name = "java:app/graphmail/delegated",
    interfaceName = "io.graphmail.api.GraphMailConnectionFactory",
    resourceAdapter = ItConfig.ADAPTER,
    transactionSupport = TransactionSupportLevel.NoTransaction,
    maxPoolSize = 4,
    minPoolSize = 0,
    properties = {
        "TenantId=" + ItConfig.TENANT,
        "ClientId=" + ItConfig.CLIENT_ID,
        "AuthorityUrl=" + ItConfig.SANDBOX_URL,
        "GraphUrl=" + ItConfig.SANDBOX_URL,
        "TrustStore=" + ItConfig.TRUSTSTORE,
        "TrustStorePassword=changeit",
        "Mailbox=alice@contoso.example",
        "Auth=delegated",
        "TokenCache=" + ItConfig.TOKEN_CACHE,
        "TokenCachePassword=" + ItConfig.TOKEN_CACHE_PASSWORD
    })
@WebServlet("/wires")
public class WireServlet extends HttpServlet {

    @Resource(lookup = "java:app/graphmail/smtp")
    private GraphMailConnectionFactory smtp;

    @Resource(lookup = "java:app/graphmail/delegated")
    private GraphMailConnectionFactory delegated;

    private GraphMailConnectionFactory factory(HttpServletRequest req) {
        return switch (req.getParameter("factory")) {
            case "smtp" -> smtp;
            case "delegated" -> delegated;
            default -> throw new IllegalArgumentException("factory=" + req.getParameter("factory"));
        };
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        GraphMailConnectionFactory factory = factory(req);
        if (req.getParameter("verify") != null) {
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().print(factory.verify());
            return;
        }
        try {
            MimeMessage m = Messages.fromRequest(factory.getSession(), req, "Sent on another sign-in or wire.\r\n");
            try (GraphMailConnection c = factory.getConnection()) {
                c.send(m);
            }
            resp.setContentType("text/plain");
            resp.getWriter().print("sent");
        } catch (MessagingException | RuntimeException e) {
            Failures.report(resp, e);
        }
    }
}
