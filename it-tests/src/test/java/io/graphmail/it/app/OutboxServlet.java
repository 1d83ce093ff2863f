package io.graphmail.it.app;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
import io.graphmail.it.ItConfig;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.mail.internet.MimeMessage;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * An application that sends inside its own JTA transactions through a factory with an outbox on the application's
 * DataSource. {@code POST /outbox?outcome=commit|rollback&from=&to=&subject=} sends through a pooled connection
 * between {@code begin} and {@code commit}/{@code rollback}; {@code outcome=count} answers how many rows the outbox
 * table holds.
 */
@DataSourceDefinition(
    name = "java:global/jdbc/graphmail-outbox",
    className = "org.h2.jdbcx.JdbcDataSource",
    url = "jdbc:h2:mem:graphmail-outbox;DB_CLOSE_DELAY=-1",
    user = "sa",
    password = "")
@ConnectionFactoryDefinition(
    name = "java:app/graphmail/outbox",
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
        "Outbox=java:global/jdbc/graphmail-outbox"
    })
@WebServlet("/outbox")
public class OutboxServlet extends HttpServlet {

    @Resource(lookup = "java:app/graphmail/outbox")
    private GraphMailConnectionFactory factory;

    @Resource(lookup = "java:global/jdbc/graphmail-outbox")
    private DataSource database;

    @Resource
    private UserTransaction transaction;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("count".equals(req.getParameter("outcome"))) {
            count(resp);
            return;
        }
        boolean commit = "commit".equals(req.getParameter("outcome"));
        try {
            transaction.begin();
            try {
                MimeMessage m = Messages.fromRequest(factory.getSession(), req, "Sent on commit.\r\n");
                try (GraphMailConnection c = factory.getConnection()) {
                    c.send(m);
                }
            } finally {
                if (commit) {
                    transaction.commit();
                } else {
                    transaction.rollback();
                }
            }
            resp.setContentType("text/plain");
            resp.getWriter().print(commit ? "committed" : "rolled back");
        } catch (Exception e) {
            Failures.report(resp, e);
        }
    }

    private void count(HttpServletResponse resp) throws IOException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM GRAPHMAIL_OUTBOX")) {
            r.next();
            resp.setContentType("text/plain");
            resp.getWriter().print(r.getLong(1));
        } catch (Exception e) {
            Failures.report(resp, e);
        }
    }
}
