package io.graphmail.it;

/**
 * Values fixed when the build starts (filtered from src/test/java-templates): annotation values such as
 * {@code @MailSessionDefinition} properties must be compile-time constants, while the servers they name are started
 * later by the tests. Ports are free loopback ports reserved by build-helper-maven-plugin.
 */
public final class ItConfig {
    /** The sandbox (Graph + identity platform) listens on https://127.0.0.1:SANDBOX_PORT. */
    public static final int SANDBOX_PORT = ${it.sandbox.port};
    /** GreenMail's SMTP server. */
    public static final int SMTP_PORT = ${it.smtp.port};
    /** The sandbox's SMTP submission endpoint (STARTTLS, AUTH XOAUTH2) on 127.0.0.1. */
    public static final int SANDBOX_SMTP_PORT = ${it.sandbox.smtp.port};
    /** The delegated sign-in written by graphmail authorize for the delegated factory (absolute). */
    public static final String TOKEN_CACHE = "${it.payara.dir}/graphmail-tokens.bin";
    public static final String TOKEN_CACHE_PASSWORD = "it token cache password";
    /** {@code https://127.0.0.1:SANDBOX_PORT}: authority and Graph endpoint. */
    public static final String SANDBOX_URL = "https://127.0.0.1:${it.sandbox.port}";
    /** Where the test writes the sandbox's truststore for the Payara JVM to read (absolute). */
    public static final String TRUSTSTORE = "${it.payara.dir}/sandbox-truststore.p12";
    /** Payara's root directories (arquillian.xml): emptied, and given the password alias store, before each boot. */
    public static final String[] PAYARA_ROOTS = {"${it.payara.dir}/root", "${it.payara.dir}/root-adapter-only"};

    /** The resource adapter's name in Payara (postboot.txt). */
    public static final String ADAPTER = "graphmail";
    /** The connector resource an administrator created with asadmin (postboot.txt). */
    public static final String POOL_JNDI = "mail/graph";
    /** The app registration behind that pool; its secret reaches Payara only as the alias graphmail-secret. */
    public static final String POOL_CLIENT_ID = "${it.pool.client.id}";
    public static final String POOL_SECRET = "${it.pool.secret}";
    public static final String POOL_SECRET_ALIAS = "graphmail-secret";
    /** An app that is not registered when the tests start: the administrator registers it during a test. */
    public static final String LATE_CLIENT_ID = "0c6d2e8f-1a3b-4c5d-9e7f-8a9b0c1d2e3f";
    public static final String LATE_SECRET = "late-app-secret-value";

    /** The mailbox the pool sends as (postboot.txt). */
    public static final String POOL_MAILBOX = "sender@contoso.example";

    /** The sandbox's demo tenant, app and secret (SandboxConfig.demo()). */
    public static final String TENANT = io.graphmail.sandbox.SandboxConfig.DEMO_TENANT_ID;
    public static final String CLIENT_ID = io.graphmail.sandbox.SandboxConfig.DEMO_CLIENT_ID;
    public static final String SECRET = io.graphmail.sandbox.SandboxConfig.DEMO_SECRET;

    private ItConfig() {
    }
}
