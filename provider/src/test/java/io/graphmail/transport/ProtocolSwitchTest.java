package io.graphmail.transport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mail.transport.protocol=graph} alone switches the static {@code Transport.send(msg)} to Graph where graphmail
 * is deployed over the server's Jakarta Mail, and a session that did not choose graph keeps sending to its SMTP
 * server, in the same JVM.
 */
class ProtocolSwitchTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private static GreenMail smtp;

    @BeforeAll
    static void startSmtp() {
        ServerSetup setup = ServerSetupTest.SMTP.dynamicPort();
        smtp = new GreenMail(setup);
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    private ServerClassLoader server;

    @BeforeEach
    void emptySmtpAndDeployGraphmail() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        server = ServerClassLoader.enter();
    }

    @AfterEach
    void undeploy() throws Exception {
        server.close();
    }

    private static Properties smtpProperties() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        return p;
    }

    @Test
    void graphSessionAndSmtpSessionEachSendWhereTheyChose() throws Exception {
        Session graph = Session.getInstance(Demo.switchOnly(SANDBOX.get()));
        Properties sp = smtpProperties();
        sp.setProperty("mail.transport.protocol", "smtp");
        Session plainSmtp = Session.getInstance(sp);

        Transport.send(Demo.message(graph, Demo.SENDER, "via graph", Demo.ALICE));
        Transport.send(Demo.message(plainSmtp, "app@example.org", "via smtp", "someone@example.org"));

        assertEquals(1, SANDBOX.get().messages().size());
        assertEquals("via graph", SANDBOX.get().messages().get(0).subject());
        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("via smtp", received[0].getSubject());
    }

    @Test
    void sessionWithoutAnyProtocolStillUsesSmtp() throws Exception {
        Session untouched = Session.getInstance(smtpProperties());
        Transport.send(Demo.message(untouched, "app@example.org", "default", "someone@example.org"));
        assertEquals(1, smtp.getReceivedMessages().length);
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void smtpSessionsGetAngusSmtpTransportBehindTheRoute() throws Exception {
        Properties sp = smtpProperties();
        sp.setProperty("mail.transport.protocol", "smtps");
        Session s = Session.getInstance(sp);
        Transport t = s.getTransport(new InternetAddress("someone@example.org"));
        // Transport.send always used the rfc822 mapping (smtp), whatever mail.transport.protocol said: still so
        assertInstanceOf(SMTPTransport.class, ((RoutingTransport) t).delegate());
        assertEquals("smtp", t.getURLName().getProtocol());
    }

    @Test
    void explicitRfc822MappingStillWins() throws Exception {
        Properties p = Demo.switchOnly(SANDBOX.get());
        p.putAll(smtpProperties());
        p.setProperty("mail.transport.protocol.rfc822", "smtp");
        Session s = Session.getInstance(p);
        Transport.send(Demo.message(s, Demo.SENDER, "explicit smtp", "someone@example.org"));
        assertEquals(1, smtp.getReceivedMessages().length);
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void graphSessionGetsTheGraphTransportForItsAddresses() throws Exception {
        Session graph = Session.getInstance(Demo.switchOnly(SANDBOX.get()));
        Transport t = graph.getTransport(new InternetAddress(Demo.ALICE));
        assertInstanceOf(GraphTransport.class, ((RoutingTransport) t).delegate());
        assertInstanceOf(GraphTransport.class, graph.getTransport());
    }

    @Test
    void onAFlatClassPathTheRfc822PropertyMakesItWorkInAnyOrder() throws Exception {
        // graphmail before Angus on one class path: Angus's own rfc822=smtp map is read last
        Thread.currentThread().setContextClassLoader(ProtocolSwitchTest.class.getClassLoader());
        Session graph = Session.getInstance(Demo.properties(SANDBOX.get()));
        Transport.send(Demo.message(graph, Demo.SENDER, "flat", Demo.ALICE));
        Session plainSmtp = Session.getInstance(smtpProperties());
        Transport.send(Demo.message(plainSmtp, "app@example.org", "still smtp", "someone@example.org"));
        assertEquals(1, SANDBOX.get().messages().size());
        assertEquals(1, smtp.getReceivedMessages().length);
    }

    @Test
    void theRouteIsInEffectOnlyWhereGraphmailsMapIsReadLast() {
        assertEquals(RoutingTransport.PROTOCOL, AddressRoute.effective(Thread.currentThread().getContextClassLoader()));
        assertEquals("smtp", AddressRoute.effective(ProtocolSwitchTest.class.getClassLoader()),
                "on this flat class path Angus Mail's map comes last: hence the warning for graph sessions");
        assertEquals("smtp", AddressRoute.fallback(Thread.currentThread().getContextClassLoader()));
    }

    @Test
    void theShadowWarningIsForGraphSessionsOnlyAndOnce() throws Exception {
        ClassLoader flat = ProtocolSwitchTest.class.getClassLoader();
        Thread.currentThread().setContextClassLoader(flat);
        List<String> warnings = new ArrayList<>();
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(AddressRoute.class.getName());
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord r) { warnings.add(r.getMessage()); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        jul.addHandler(h);
        AddressRoute.forgetWarnings();
        try {
            Session plainSmtp = Session.getInstance(smtpProperties());
            Transport.send(Demo.message(plainSmtp, "app@example.org", "smtp only", "someone@example.org"));
            assertEquals(List.of(), warnings, "an smtp session is none of graphmail's business");

            Session withRfc822 = Session.getInstance(Demo.properties(SANDBOX.get()));
            Transport.send(Demo.message(withRfc822, Demo.SENDER, "rfc822 set", Demo.ALICE));
            assertEquals(List.of(), warnings, "routed to graph by its own property");

            for (int i = 0; i < 3; i++) {
                Session switchOnly = Session.getInstance(Demo.switchOnly(SANDBOX.get()));
                Transport t = switchOnly.getTransport();
                t.connect();
                t.close();
            }
            assertEquals(1, warnings.size(), "once: " + warnings);
            assertTrue(warnings.get(0).contains("mail.transport.protocol.rfc822=graph"), warnings.get(0));
        } finally {
            jul.removeHandler(h);
        }
    }
}
