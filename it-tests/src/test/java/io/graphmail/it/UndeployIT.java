package io.graphmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.it.app.FactoryServlet;
import io.graphmail.it.app.ProbeServlet;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 3, test f: after the application that used graphmail and then the resource adapter itself are undeployed,
 * no thread of graphmail is left in the server — not its HTTP threads, not the token refresh timer. A probe
 * application stays deployed to do the undeploying and to look; the server has no asadmin pool, which would hold
 * the adapter.
 */
@ExtendWith({FreshPayara.class, ArquillianExtension.class})
class UndeployIT {

    @Deployment(testable = false)
    @TargetsContainer("payara-micro-adapter-only")
    static WebArchive deployment() {
        WebArchive mailer = Deployments.mailApp("mailer.war", FactoryServlet.class);
        return Deployments.mailApp("probe.war", ProbeServlet.class)
            .addAsWebInfResource(new org.jboss.shrinkwrap.api.asset.ByteArrayAsset(
                mailer.as(ZipExporter.class).exportAsInputStream()), "mailer.war");
    }

    @RegisterExtension
    static final ItSandbox SANDBOX = new ItSandbox();

    @ArquillianResource
    private URL url;

    @Test
    void noGraphmailThreadOutlivesTheApplicationAndTheAdapter() throws Exception {
        AppClient probe = new AppClient(url, "probe");
        AppClient mailer = new AppClient(url, "mailer");
        assertEquals("deployed=true", probe.ok("probe/deploy", Map.of("name", "mailer")));
        for (String via : new String[]{"session", "connection"}) {
            mailer.ok("factory", Map.of("factory", "demo", "via", via, "from", "sender@contoso.example",
                "to", "alice@contoso.example", "subject", "before undeploy, by " + via));
        }
        assertEquals(2, SANDBOX.get().messages().size());
        String inUse = probe.ok("probe/threads", Map.of("waitSeconds", "0"));
        assertTrue(inUse.contains("graphmail-http-") || inUse.contains("HttpClient-"),
            "while mail is being sent the probe must see graphmail's threads, or it proves nothing: " + inUse);

        probe.ok("probe/undeploy", Map.of("name", "mailer"));
        String left = probe.ok("probe/undeploy", Map.of("name", ItConfig.ADAPTER));
        assertFalse(left.contains(ItConfig.ADAPTER), left);

        assertEquals("none", probe.ok("probe/threads", Map.of("waitSeconds", "30")),
            "threads of graphmail left after undeploying the application and the adapter");
    }
}
