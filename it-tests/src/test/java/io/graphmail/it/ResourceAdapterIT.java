package io.graphmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.it.app.BadConfigServlet;
import io.graphmail.it.app.FactoryServlet;
import io.graphmail.it.app.PoolServlet;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 3, tests a, b, d and e: the resource adapter deployed to Payara Micro at boot, used by an application through
 * JNDI — a factory the application defines ({@code @ConnectionFactoryDefinition}) and the pool and resource an
 * administrator created with asadmin, its client secret read from a password alias (postboot.txt).
 */
@ExtendWith({FreshPayara.class, ArquillianExtension.class})
class ResourceAdapterIT {

    private static final String SENDER = "sender@contoso.example";
    private static final String ALICE = "alice@contoso.example";
    private static final String BOB = "bob@contoso.example";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.mailApp("jndi-app.war", FactoryServlet.class, PoolServlet.class, BadConfigServlet.class,
            io.graphmail.it.app.Failures.class);
    }

    @RegisterExtension
    static final ItSandbox SANDBOX = new ItSandbox();

    @ArquillianResource
    private URL url;

    /** a: {@code @ConnectionFactoryDefinition} + {@code @Resource} → {@code getSession()} → {@code Transport.send}. */
    @Test
    void factoryDefinedByTheApplicationSendsThroughItsSession() throws Exception {
        client().ok("factory", Map.of("factory", "demo", "via", "session", "from", SENDER, "to", ALICE, "bcc", BOB,
            "subject", "session of a defined factory"));

        CapturedMessage m = only(SANDBOX.get().messages());
        assertEquals("session of a defined factory", m.subject());
        assertEquals(SENDER, m.mailbox());
        assertEquals(List.of(ALICE), m.to());
        assertEquals(List.of(BOB), m.bcc());
        assertEquals(SandboxConfig.DEMO_CLIENT_ID, m.clientId());
    }

    /** a, the other way: a pooled handle from {@code getConnection()} in try-with-resources. */
    @Test
    void factoryDefinedByTheApplicationSendsThroughAConnection() throws Exception {
        client().ok("factory", Map.of("factory", "demo", "via", "connection", "from", SENDER, "to", ALICE,
            "subject", "connection of a defined factory"));

        CapturedMessage m = only(SANDBOX.get().messages());
        assertEquals("connection of a defined factory", m.subject());
        assertEquals(List.of(ALICE), m.envelopeRecipients());
    }

    /** b: the asadmin pool, its secret from the alias: the sandbox only accepts the right secret for this app. */
    @Test
    void poolCreatedByAsadminWithTheSecretFromAPasswordAliasSends() throws Exception {
        client().ok("pool/send", Map.of("to", ALICE, "subject", "through the asadmin pool"));

        CapturedMessage m = only(SANDBOX.get().messages());
        assertEquals("through the asadmin pool", m.subject());
        assertEquals(ItConfig.POOL_CLIENT_ID, m.clientId());
        assertEquals(ItConfig.POOL_MAILBOX, m.mailbox());
    }

    /**
     * d: 20 threads × 10 sends through {@code getConnection()}: all 200 arrive, on one token, never more than 4
     * requests at the sandbox at once, and afterwards the pool (maximum 4) can hand out all 4 connections again.
     */
    @Test
    void twentyThreadsShareThePoolOneTokenAndFourRequestsInFlight() throws Exception {
        assertEquals("sent=200", client().ok("pool/load", Map.of("threads", "20", "sends", "10")));

        List<CapturedMessage> captured = SANDBOX.get().messages();
        assertEquals(200, captured.size());
        Set<String> subjects = captured.stream().map(CapturedMessage::subject).collect(Collectors.toSet());
        assertEquals(200, subjects.size(), "each message exactly once");
        assertTrue(captured.stream().allMatch(m -> ItConfig.POOL_CLIENT_ID.equals(m.clientId())));
        // one token for the pool's configuration over this whole server's life, whichever test used it first
        assertEquals(1, SANDBOX.get().tokenRequests(ItConfig.POOL_CLIENT_ID));
        int peak = SANDBOX.get().peakConcurrentRequests(ItConfig.POOL_MAILBOX);
        assertTrue(peak >= 1 && peak <= 4, "peak requests in flight for the mailbox: " + peak);

        assertEquals("held=4 extra=blocked", client().ok("pool/hold", Map.of("n", "4")),
            "every connection must be back in the pool, and the pool must stop at its maximum of 4");
    }

    /** e: a wrong secret reaches the caller as the identity platform's code and what to fix; nothing is sent. */
    @Test
    void wrongSecretGivesTheCallerAClearError() throws Exception {
        HttpResponse<String> r = client().post("factory", Map.of("factory", "wrong-secret", "via", "connection",
            "from", SENDER, "to", ALICE, "subject", "never sent"));

        assertEquals(500, r.statusCode(), r.body());
        String first = r.body().lines().findFirst().orElse("");
        assertTrue(first.startsWith("jakarta.mail."), first);
        assertTrue(first.contains("AADSTS7000215"), first);
        assertTrue(first.contains("the client secret is wrong"), first);
        assertTrue(first.contains("Secret ID"), first);
        assertTrue(!r.body().contains("0f3c9a2b-1d4e-4f5a-8b6c-7d8e9f0a1b2c"), "the secret must not be echoed");
        assertEquals(0, SANDBOX.get().messages().size());
    }

    /**
     * e: an app registration that does not exist yet fails clearly; once the administrator registers it, the same
     * factory sends — no redeployment, no poisoned connection left in the pool.
     */
    @Test
    void unregisteredAppFailsClearlyAndThePoolRecoversOnceItIsRegistered() throws Exception {
        Map<String, String> send = Map.of("factory", "late", "via", "connection", "from", SENDER, "to", ALICE,
            "subject", "after registration");
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpResponse<String> r = client().post("factory", send);
            assertEquals(500, r.statusCode(), r.body());
            String first = r.body().lines().findFirst().orElse("");
            assertTrue(first.contains("AADSTS700016"), first);
            assertTrue(first.contains("client ID"), first);
        }

        register(ItConfig.LATE_CLIENT_ID, ItConfig.LATE_SECRET);

        client().ok("factory", send);
        client().ok("factory", Map.of("factory", "late", "via", "session", "from", SENDER, "to", ALICE,
            "subject", "after registration, by session"));
        assertEquals(List.of("after registration", "after registration, by session"),
            SANDBOX.get().messages().stream().map(CapturedMessage::subject).toList());
    }

    /**
     * A factory defined without a tenant, or with a cloud that does not exist, is refused when the server creates it
     * (first lookup), with the pool property's name and the session property's — never a NullPointerException.
     */
    @Test
    void badConfigurationNamesThePropertyAtFault() throws Exception {
        HttpResponse<String> noTenant = client().post("badconfig", Map.of("name", "no-tenant"));
        assertEquals(500, noTenant.statusCode(), noTenant.body());
        String causes = causes(noTenant.body());
        assertTrue(causes.contains("TenantId (mail.graph.tenant)"), causes);
        assertTrue(!noTenant.body().contains("NullPointerException"), noTenant.body());

        HttpResponse<String> badCloud = client().post("badconfig", Map.of("name", "bad-cloud"));
        assertEquals(500, badCloud.statusCode(), badCloud.body());
        causes = causes(badCloud.body());
        assertTrue(causes.contains("Cloud (mail.graph.cloud)"), causes);
        assertTrue(causes.contains("azure-moon"), causes);
    }

    /** The cause lines Failures writes before the stack trace. */
    private static String causes(String body) {
        return body.substring(0, Math.max(0, body.indexOf("\n\n")));
    }

    /** What an administrator does in Entra ID, through the sandbox's admin API. */
    private static void register(String clientId, String secret) throws Exception {
        String app = "{\"clientId\":\"" + clientId + "\",\"tenant\":\"" + SandboxConfig.DEMO_TENANT_ID
            + "\",\"secrets\":[\"" + secret + "\"],\"roles\":[\"Mail.Send\"]}";
        HttpResponse<String> r = HttpClient.newBuilder().sslContext(SANDBOX.get().clientSslContext()).build().send(
            HttpRequest.newBuilder(URI.create(SANDBOX.get().baseUrl() + "/sandbox/admin/config/apps"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(app)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode(), r.body());
    }

    private AppClient client() {
        return new AppClient(url, "jndi-app");
    }

    private static CapturedMessage only(List<CapturedMessage> messages) {
        assertEquals(1, messages.size(), () -> "captured: " + messages);
        return messages.get(0);
    }
}
