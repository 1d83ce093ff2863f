package io.graphmail.it.app;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
import io.graphmail.it.ItConfig;
import jakarta.annotation.Resource;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An application that defines its own graphmail factories ({@code @ConnectionFactoryDefinition} on the deployed
 * adapter) and sends through them. {@code POST /factory?factory=demo|wrong-secret|late&via=session|connection
 * &from=&to=&bcc=&subject=}: {@code via=session} is plain Jakarta Mail on the factory's Session
 * ({@code Transport.send(msg)}), {@code via=connection} a pooled handle in try-with-resources.
 */
@ConnectionFactoryDefinition(
    name = "java:app/graphmail/demo",
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
        "TrustStorePassword=changeit"
    })
@ConnectionFactoryDefinition(
    name = "java:app/graphmail/wrong-secret",
    interfaceName = "io.graphmail.api.GraphMailConnectionFactory",
    resourceAdapter = ItConfig.ADAPTER,
    transactionSupport = TransactionSupportLevel.NoTransaction,
    maxPoolSize = 4,
    minPoolSize = 0,
    properties = {
        "TenantId=" + ItConfig.TENANT,
        "ClientId=" + ItConfig.CLIENT_ID,
        // what administrators paste by mistake: the secret's ID instead of its value
        "ClientSecret=0f3c9a2b-1d4e-4f5a-8b6c-7d8e9f0a1b2c",
        "AuthorityUrl=" + ItConfig.SANDBOX_URL,
        "GraphUrl=" + ItConfig.SANDBOX_URL,
        "TrustStore=" + ItConfig.TRUSTSTORE,
        "TrustStorePassword=changeit"
    })
@ConnectionFactoryDefinition(
    name = "java:app/graphmail/late",
    interfaceName = "io.graphmail.api.GraphMailConnectionFactory",
    resourceAdapter = ItConfig.ADAPTER,
    transactionSupport = TransactionSupportLevel.NoTransaction,
    maxPoolSize = 4,
    minPoolSize = 0,
    properties = {
        "TenantId=" + ItConfig.TENANT,
        "ClientId=" + ItConfig.LATE_CLIENT_ID,
        "ClientSecret=" + ItConfig.LATE_SECRET,
        "AuthorityUrl=" + ItConfig.SANDBOX_URL,
        "GraphUrl=" + ItConfig.SANDBOX_URL,
        "TrustStore=" + ItConfig.TRUSTSTORE,
        "TrustStorePassword=changeit"
    })
@WebServlet("/factory")
public class FactoryServlet extends HttpServlet {

    @Resource(lookup = "java:app/graphmail/demo")
    private GraphMailConnectionFactory demo;

    @Resource(lookup = "java:app/graphmail/wrong-secret")
    private GraphMailConnectionFactory wrongSecret;

    @Resource(lookup = "java:app/graphmail/late")
    private GraphMailConnectionFactory late;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        GraphMailConnectionFactory factory = switch (req.getParameter("factory")) {
            case "demo" -> demo;
            case "wrong-secret" -> wrongSecret;
            case "late" -> late;
            default -> throw new IllegalArgumentException("factory=" + req.getParameter("factory"));
        };
        try {
            MimeMessage m = Messages.fromRequest(factory.getSession(), req,
                "Sent through a @ConnectionFactoryDefinition factory.\r\n");
            if ("connection".equals(req.getParameter("via"))) {
                try (GraphMailConnection c = factory.getConnection()) {
                    c.send(m);
                }
            } else {
                Transport.send(m);
            }
            resp.setContentType("text/plain");
            resp.getWriter().print("sent");
        } catch (MessagingException | RuntimeException e) {
            Failures.report(resp, e);
        }
    }
}
