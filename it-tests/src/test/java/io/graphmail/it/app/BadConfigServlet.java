package io.graphmail.it.app;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
import io.graphmail.it.ItConfig;
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

/**
 * Factories an application defines with mistakes in them, looked up when used (not injected, so that the application
 * itself deploys): {@code POST /badconfig?name=no-tenant|bad-cloud} answers with what the caller gets.
 */
@ConnectionFactoryDefinition(
    name = "java:app/graphmail/no-tenant",
    interfaceName = "io.graphmail.api.GraphMailConnectionFactory",
    resourceAdapter = ItConfig.ADAPTER,
    transactionSupport = TransactionSupportLevel.NoTransaction,
    properties = {
        "ClientId=" + ItConfig.CLIENT_ID,
        "ClientSecret=" + ItConfig.SECRET
    })
@ConnectionFactoryDefinition(
    name = "java:app/graphmail/bad-cloud",
    interfaceName = "io.graphmail.api.GraphMailConnectionFactory",
    resourceAdapter = ItConfig.ADAPTER,
    transactionSupport = TransactionSupportLevel.NoTransaction,
    properties = {
        "TenantId=" + ItConfig.TENANT,
        "ClientId=" + ItConfig.CLIENT_ID,
        "ClientSecret=" + ItConfig.SECRET,
        "Cloud=azure-moon"
    })
@WebServlet("/badconfig")
public class BadConfigServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            GraphMailConnectionFactory factory = (GraphMailConnectionFactory) new InitialContext()
                .lookup("java:app/graphmail/" + req.getParameter("name"));
            try (GraphMailConnection c = factory.getConnection()) {
                MimeMessage m = new MimeMessage(factory.getSession());
                m.setFrom(new InternetAddress("sender@contoso.example"));
                m.setRecipients(MimeMessage.RecipientType.TO, "alice@contoso.example");
                m.setSubject("never sent");
                m.setText("never sent");
                c.send(m);
            }
            resp.getWriter().print("sent");
        } catch (Exception e) {
            Failures.report(resp, e);
        }
    }
}
