package io.graphmail.it.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.it.ItConfig;
import io.graphmail.it.servers.app.BurstServlet;
import io.graphmail.it.servers.app.Reply;
import io.graphmail.it.servers.app.ShopServlet;
import io.graphmail.it.servers.app.SmtpAppServlet;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.SandboxConfig;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every server must prove (issue 10), on one boot of the server: graphmail installed as the server's page says,
 * two applications that carry no graphmail class, the sandbox as Graph and GreenMail as the other application's SMTP
 * server. The last test removes graphmail; the server is stopped after the class whatever happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServerSuite {

    static final String SHOP = "shop";
    static final String OTHER = "other";
    private static final String ALICE = "alice@contoso.example";

    private MailServers mail;
    private AppServer server;

    /** A new, not yet started server. */
    abstract AppServer server();

    @BeforeAll
    void startEverything() throws Exception {
        long t0 = System.nanoTime();
        mail = MailServers.start();
        server = server();
        server.start();
        long t1 = System.nanoTime();
        server.installGraphmail(Path.of(System.getProperty("it.rar")));
        long t2 = System.nanoTime();
        server.deploy(shop(), true);
        server.deploy(other(), false);
        System.out.printf("[suite] %s: started in %d s, graphmail installed in %d s, applications deployed in %d s%n",
            getClass().getSimpleName(), (t1 - t0) / 1_000_000_000, (t2 - t1) / 1_000_000_000,
            (System.nanoTime() - t2) / 1_000_000_000);
    }

    @AfterAll
    void stopEverything() throws Exception {
        long t0 = System.nanoTime();
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (mail != null) {
                mail.close();
            }
        }
        System.out.printf("[suite] %s: stopped in %d s%n", getClass().getSimpleName(),
            (System.nanoTime() - t0) / 1_000_000_000);
    }

    @BeforeEach
    void forgetMail() {
        mail.forgetMail();
    }

    /** The application that sends through graphmail. */
    static WebArchive shop() {
        return ShrinkWrap.create(WebArchive.class, SHOP + ".war")
            .addClasses(ShopServlet.class, BurstServlet.class, Reply.class)
            .addAsWebResource(new StringAsset("shop"), "index.html");
    }

    /** The other application, on smtp, which was given nothing of graphmail. */
    static WebArchive other() {
        return ShrinkWrap.create(WebArchive.class, OTHER + ".war").addClasses(SmtpAppServlet.class, Reply.class)
            .addAsWebResource(new StringAsset("other"), "index.html");
    }

    @Test
    @Order(1)
    void factoryTheAdministratorDefinedSendsThroughGraph() {
        Http.ok(server.app(SHOP).resolve("send"), Map.of("via", "factory", "jndi", server.factoryJndi(),
            "from", TestTenant.FACTORY_MAILBOX, "to", ALICE, "subject", "administrator's factory"));

        CapturedMessage m = only(mail.graph().messages());
        assertEquals("administrator's factory", m.subject());
        assertEquals(TestTenant.FACTORY_CLIENT_ID, m.clientId(), "the factory's own app registration and secret");
        assertEquals(TestTenant.FACTORY_MAILBOX, m.mailbox());
        assertEquals(List.of(ALICE), m.to());
    }

    /**
     * Whether the server binds what an application defines by annotation ({@code @ConnectionFactoryDefinition},
     * {@code @MailSessionDefinition}); where it does not, the checks that rely on them are skipped, and the server's
     * page says so.
     */
    boolean bindsApplicationDefinedResources() {
        return true;
    }

    /**
     * Whether the server lets go of an undeployed adapter's objects, so that the JDK HTTP client graphmail closed
     * (whose selector thread on Java 17 ends only when the client is collected) goes too; where it does not, the last
     * check asserts only that graphmail's own threads ended, and the server's page says so.
     */
    boolean releasesGraphmailOnUndeploy() {
        return true;
    }

    @Test
    @Order(2)
    void factoryTheApplicationDefinesSendsThroughGraph() {
        Assumptions.assumeTrue(bindsApplicationDefinedResources(), "the server binds no @ConnectionFactoryDefinition");
        Http.ok(server.app(SHOP).resolve("send"), Map.of("via", "app-factory",
            "from", TestTenant.FACTORY_MAILBOX, "to", ALICE, "subject", "application's factory"));

        CapturedMessage m = only(mail.graph().messages());
        assertEquals("application's factory", m.subject());
        assertEquals(SandboxConfig.DEMO_CLIENT_ID, m.clientId(), "the app registration of the annotation");
    }

    @Test
    @Order(3)
    void mailSessionOnGraphSendsWhileTheOtherApplicationsSmtpSessionStillReachesItsSmtpServer() throws Exception {
        Http.ok(server.app(SHOP).resolve("send"), Map.of("via", "session", "jndi", server.sessionJndi(),
            "to", ALICE, "subject", "administrator's mail session"));
        boolean other = bindsApplicationDefinedResources();
        if (other) {
            Http.ok(server.app(OTHER).resolve("smtp"), Map.of("to", "someone@example.org",
                "subject", "other application, smtp"));
        }

        CapturedMessage m = only(mail.graph().messages());
        assertEquals("administrator's mail session", m.subject());
        assertEquals(TestTenant.SESSION_CLIENT_ID, m.clientId(), "the session's app registration and secret");
        assertEquals(TestTenant.SESSION_MAILBOX, m.mailbox(), "the session's user is the mailbox");
        assertEquals(TestTenant.SESSION_MAILBOX, m.from(), "the session's from address");
        MimeMessage[] bySmtp = mail.smtp().getReceivedMessages();
        if (!other) {
            assertEquals(0, bySmtp.length, "nothing goes by SMTP");
            return;
        }
        assertEquals(1, bySmtp.length, "exactly the other application's message goes by SMTP");
        assertEquals("other application, smtp", bySmtp[0].getSubject());
    }

    /**
     * 20 threads × 5 sends through the administrator's pool (maximum 4): all 100 arrive, each once, on the one
     * token that configuration has had since the server started, and never more than 4 requests at Graph at once.
     */
    @Test
    @Order(4)
    void hundredSendsFromTwentyThreadsShareOneTokenAndAtMostFourRequestsInFlight() {
        assertEquals("sent=100", Http.ok(server.app(SHOP).resolve("burst"), Map.of("jndi", server.factoryJndi(),
            "threads", "20", "sends", "5", "from", TestTenant.FACTORY_MAILBOX)));

        List<CapturedMessage> captured = mail.graph().messages();
        assertEquals(100, captured.size());
        Set<String> subjects = captured.stream().map(CapturedMessage::subject).collect(Collectors.toSet());
        assertEquals(100, subjects.size(), "each message exactly once");
        assertTrue(captured.stream().allMatch(m -> TestTenant.FACTORY_CLIENT_ID.equals(m.clientId())));
        assertEquals(1, mail.graph().tokenRequests(TestTenant.FACTORY_CLIENT_ID),
            "one token for the factory's configuration");
        int peak = mail.graph().peakConcurrentRequests(TestTenant.FACTORY_MAILBOX);
        assertTrue(peak >= 1 && peak <= 4, "peak requests in flight for the mailbox: " + peak);
    }

    /**
     * Redeploying the application (twice) adds no graphmail thread and leaves the administrator's factory working;
     * undeploying it and then removing graphmail as the page says leaves none.
     */
    @Test
    @Order(5)
    void redeployAndUndeployLeaveNoGraphmailThread() throws Exception {
        JvmThreads threads = new JvmThreads(server.javaHome(), Path.of(System.getProperty("it.servers.dir")),
            Path.of(System.getProperty("it.servers.dir")).resolve("jcmd.log"));
        List<String> inUse = threads.graphmail(server.pid());
        assertFalse(inUse.isEmpty(), "after sending, the probe must see graphmail's threads, or it proves nothing");

        String[] vias = bindsApplicationDefinedResources() ? new String[]{"app-factory", "factory"}
            : new String[]{"factory"};
        for (int round = 1; round <= 2; round++) {
            server.redeploy(shop(), true);
            for (String via : vias) {
                Http.ok(server.app(SHOP).resolve("send"), Map.of("via", via, "jndi", server.factoryJndi(),
                    "from", TestTenant.FACTORY_MAILBOX, "to", ALICE, "subject", "round " + round + " " + via));
            }
        }
        assertEquals(2 * vias.length, mail.graph().messages().size());
        threads.awaitAtMost(server.pid(), inUse.size(), Duration.ofSeconds(60));

        server.undeploy(SHOP);
        server.removeGraphmail();
        if (!releasesGraphmailOnUndeploy()) {
            // graphmail's own threads must end; the JDK HTTP client's selector thread ends only with its client
            Wait.until("no graphmail-* thread left", Duration.ofSeconds(60), () -> threads.graphmail(server.pid())
                .stream().noneMatch(t -> t.startsWith("graphmail")) ? Boolean.TRUE : null);
            System.out.printf("[suite] %s: left after undeploy: %s%n", getClass().getSimpleName(),
                threads.graphmail(server.pid()));
            return;
        }
        List<String> left = threads.awaitAtMost(server.pid(), 0, Duration.ofSeconds(60));
        assertEquals(List.of(), left, "graphmail threads left after the application and graphmail were removed");
    }

    private static CapturedMessage only(List<CapturedMessage> messages) {
        assertEquals(1, messages.size(), () -> "captured: " + messages);
        return messages.get(0);
    }

    static String sandboxUrl() {
        return ItConfig.SANDBOX_URL;
    }
}
