package io.graphmail.it.servers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * GlassFish 7 or 8 driven by docs/payara.md (sections 1, 2, 7, 9 and 10; GlassFish's differences as section 7 lists
 * them): a fresh domain1 on free ports with every listener on 127.0.0.1, graphmail installed with the page's asadmin
 * commands, the client secrets in password aliases.
 */
final class GlassFish implements AppServer {

    private static final Duration ASADMIN = Duration.ofMinutes(5);
    private static final String PAGE_RAR = "graphmail-rar-0.1.0-SNAPSHOT.rar";
    private static final String PAGE_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String PAGE_CLIENT_ID = "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f";
    private static final String PAGE_MAILBOX = "noreply@contoso.com";
    private static final String PAGE_AUTHORITY = "https://login.graph-proxy.contoso.example";
    private static final String PAGE_GRAPH = "https://graph-proxy.contoso.example";
    private static final String PAGE_TRUSTSTORE = "/opt/graphmail/private-ca.p12";
    private static final String PAGE_CA_PEM = "/opt/graphmail/private-ca.pem";
    private static final String SESSION_ALIAS = "graphmail-session-secret";

    private final Path zip;
    private final Path dir;
    private final int major;
    private final DocPage page = DocPage.of("payara.md");
    private Path home;
    private Path javaHome;
    private int portBase;
    private Shell shell;

    /** @param major 7 (Java 17) or 8 (Java 21 or later) */
    GlassFish(Path zip, Path dir, int major) {
        this.zip = zip;
        this.dir = dir;
        this.major = major;
    }

    @Override
    public void start() throws Exception {
        javaHome = major >= 8 ? Jdks.java21OrLater() : Jdks.java17();
        home = Distribution.freshCopy(zip, dir);
        // restart-domain binds every port again: keep them below the ephemeral range
        portBase = Ports.freeOffset(10000, Ports.EPHEMERAL - 86, 4, 9, 37, 38, 39, 48, 66, 76, 80, 81, 86);
        shell = new Shell(home, Map.of(
            "JAVA_HOME", javaHome.toString(),
            "AS_JAVA", javaHome.toString(),
            "PATH", home.resolve("bin") + ":" + javaHome.resolve("bin") + ":" + System.getenv("PATH"),
            // the host stays asadmin's default, localhost: GlassFish 8.0.0's restart-domain fails with "Invalid XML:
            // null" when it is given as 127.0.0.1 (docs/payara.md, section 7)
            "AS_ADMIN_PORT", Integer.toString(portBase + 48)), dir.resolve("asadmin.log"));
        // a domain1 of its own ports (other servers may run on this machine), every listener on loopback only
        Distribution.delete(domain());
        shell.run(List.of("bin/asadmin", "--user", "admin", "create-domain", "--nopassword",
            "--portbase", Integer.toString(portBase), "domain1"), ASADMIN);
        Path domainXml = domain().resolve("config/domain.xml");
        Files.writeString(domainXml, Files.readString(domainXml)
            .replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"")
            .replace("<network-listener port=", "<network-listener address=\"127.0.0.1\" port="));
        trustPrivateCa();
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
        shell.run(List.of("bin/asadmin", "start-domain", "domain1"), ASADMIN);
    }

    /** Section 9: the private CA into the domain's trust store, before the domain (re)starts. */
    private void trustPrivateCa() throws Exception {
        Path pem = PrivateCa.pem(MailServers.truststore(), dir.resolve("private-ca.pem"));
        DocPage.Block block = page.block("jvm-trust").replace(PAGE_CA_PEM, pem.toString());
        if (major < 8) {
            block = block.replace("cacerts.p12", "cacerts.jks");   // as the block's comment says
        }
        shell.bash(block.text(), ASADMIN);
    }

    private Path domain() {
        return home.resolve("glassfish/domains/domain1");
    }

    @Override
    public void installGraphmail(Path rar) throws Exception {
        shell.bash(page.block("deploy-adapter").replace(PAGE_RAR, rar.toString()).text(), ASADMIN);
        shell.bash(page.block("visibility").text(), ASADMIN);

        shell.bash(page.block("alias").text(), TestTenant.FACTORY_SECRET + "\n", ASADMIN);
        shell.bash(page.block("alias").replace("graphmail-secret", SESSION_ALIAS).text(),
            TestTenant.SESSION_SECRET + "\n", ASADMIN);

        // section 7: GlassFish's asadmin wants the "=" of ${ALIAS=...} escaped
        shell.bash(page.block("pool")
            .replace("${ALIAS=graphmail-secret}", "${ALIAS\\=graphmail-secret}")
            .replace(PAGE_TENANT, TestTenant.TENANT)
            .replace(PAGE_CLIENT_ID, TestTenant.FACTORY_CLIENT_ID)
            .replace(PAGE_MAILBOX, TestTenant.FACTORY_MAILBOX).text(), ASADMIN);
        shell.bash(page.block("glassfish-session")
            .replace("graphmail-secret", SESSION_ALIAS)
            .replace(PAGE_TENANT, TestTenant.TENANT)
            .replace(PAGE_CLIENT_ID, TestTenant.SESSION_CLIENT_ID)
            .replace(PAGE_MAILBOX, TestTenant.SESSION_MAILBOX).text(), ASADMIN);
        shell.bash(page.block("endpoints")
            .replace(PAGE_AUTHORITY, ServerSuite.sandboxUrl())
            .replace(PAGE_GRAPH, ServerSuite.sandboxUrl())
            .replace(PAGE_TRUSTSTORE, MailServers.truststore().toString()).text(), ASADMIN);
    }

    @Override
    public void deploy(WebArchive app, boolean usesGraphmail) throws Exception {
        // nothing per application: the class-loading policy of section 1 serves them all
        Path war = dir.resolve(app.getName());
        app.as(ZipExporter.class).exportTo(war.toFile(), true);
        String name = app.getName().replace(".war", "");
        shell.run(List.of("bin/asadmin", "deploy", "--force=true", "--contextroot", name, war.toString()), ASADMIN);
        Wait.until(name + " answering", Duration.ofMinutes(1), () -> Http.answers(app(name)) ? Boolean.TRUE : null);
    }

    /** {@code deploy --force=true} replaces the application in one step. */
    @Override
    public void redeploy(WebArchive app, boolean usesGraphmail) throws Exception {
        deploy(app, usesGraphmail);
    }

    @Override
    public void undeploy(String appName) {
        shell.run(List.of("bin/asadmin", "undeploy", appName), ASADMIN);
    }

    @Override
    public void removeGraphmail() {
        shell.bash(page.block("remove").text(), ASADMIN);
    }

    @Override
    public String factoryJndi() {
        return "mail/graph";
    }

    @Override
    public String sessionJndi() {
        return "mail/orders";
    }

    @Override
    public URI app(String name) {
        return URI.create("http://127.0.0.1:" + (portBase + 80) + "/" + name + "/");
    }

    @Override
    public long pid() {
        try {
            return Long.parseLong(Files.readString(domain().resolve("config/pid")).strip());
        } catch (java.io.IOException e) {
            throw new AssertionError("no pid file of domain1: is it running?", e);
        }
    }

    @Override
    public Path javaHome() {
        return javaHome;
    }

    @Override
    public void close() {
        if (shell == null) {
            return;
        }
        shell.tryRun(List.of("bin/asadmin", "stop-domain", "domain1"), ASADMIN);
        kill();
    }

    private void kill() {
        try {
            Path pidFile = domain().resolve("config/pid");
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                });
            }
        } catch (Exception e) {
            // nothing left to stop
        }
    }
}
