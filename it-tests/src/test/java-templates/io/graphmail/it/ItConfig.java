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
    /** {@code https://127.0.0.1:SANDBOX_PORT}: authority and Graph endpoint. */
    public static final String SANDBOX_URL = "https://127.0.0.1:${it.sandbox.port}";
    /** Where the test writes the sandbox's truststore for the Payara JVM to read (absolute). */
    public static final String TRUSTSTORE = "${it.payara.dir}/sandbox-truststore.p12";
    /** graphmail-provider and its runtime dependencies, copied by maven-dependency-plugin. */
    public static final String WAR_LIB = "${project.build.directory}/war-lib";

    /** The sandbox's demo tenant, app and secret (SandboxConfig.demo()). */
    public static final String TENANT = io.graphmail.sandbox.SandboxConfig.DEMO_TENANT_ID;
    public static final String CLIENT_ID = io.graphmail.sandbox.SandboxConfig.DEMO_CLIENT_ID;
    public static final String SECRET = io.graphmail.sandbox.SandboxConfig.DEMO_SECRET;

    private ItConfig() {
    }
}
