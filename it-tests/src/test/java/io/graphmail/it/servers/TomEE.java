package io.graphmail.it.servers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.FileAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Apache TomEE (plus) driven by docs/tomee.md: the adapter travels in the application's EAR (section 1), the factory's
 * properties go into conf/system.properties and the mail session into conf/tomee.xml (sections 2 and 3, read when
 * TomEE starts, so installing graphmail restarts it), and applications are dropped into and removed from webapps/,
 * which TomEE deploys and undeploys while running.
 */
final class TomEE implements AppServer {

    private static final Duration COMMAND = Duration.ofMinutes(3);
    private static final String PAGE_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String PAGE_CLIENT_ID = "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f";
    private static final String PAGE_SECRET = "the-client-secret-value";
    private static final String PAGE_MAILBOX = "noreply@contoso.com";
    private static final String PAGE_SESSION_MAILBOX = "orders@contoso.com";
    private static final String PAGE_AUTHORITY = "https://login.graph-proxy.contoso.example";
    private static final String PAGE_GRAPH = "https://graph-proxy.contoso.example";
    private static final String PAGE_TRUSTSTORE = "/opt/graphmail/private-ca.p12";

    private final Path zip;
    private final Path dir;
    private final DocPage page = DocPage.of("tomee.md");
    private Path home;
    private Path rar;
    private int httpPort;
    private int shutdownPort;
    private Shell shell;

    TomEE(Path zip, Path dir) {
        this.zip = zip;
        this.dir = dir;
    }

    @Override
    public void start() throws Exception {
        home = Distribution.freshCopy(zip, dir);
        // below the ephemeral range: TomEE binds them again when installing graphmail restarts it
        httpPort = Ports.freeOffset(10000, Ports.EPHEMERAL - 1, 0, 1);
        shutdownPort = httpPort + 1;
        shell = new Shell(dir, Map.of("JAVA_HOME", javaHome().toString(), "CATALINA_PID", pidFile().toString(),
            "PATH", javaHome().resolve("bin") + ":" + System.getenv("PATH")), dir.resolve("commands.log"));
        // only the tests' applications: no manager, docs or ROOT application
        for (String app : List.of("ROOT", "docs", "manager", "host-manager")) {
            Distribution.delete(home.resolve("webapps").resolve(app));
        }
        Path serverXml = home.resolve("conf/server.xml");
        String xml = Files.readString(serverXml)
            .replace("<Server port=\"8005\"", "<Server port=\"" + shutdownPort + "\" address=\"127.0.0.1\"")
            .replaceFirst("<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                "<Connector port=\"" + httpPort + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
        if (!xml.contains("port=\"" + httpPort + "\"")) {
            throw new AssertionError("conf/server.xml of this TomEE has no HTTP connector on 8080 to move");
        }
        Files.writeString(serverXml, xml);
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
        boot();
    }

    private void boot() throws Exception {
        int started = count("Server startup in");
        shell.run(List.of(home.resolve("bin/startup.sh").toString()), COMMAND);
        awaitLog("Server startup in", started + 1);
    }

    private void shutdown() {
        shell.tryRun(List.of(home.resolve("bin/shutdown.sh").toString()), COMMAND);
        kill();
    }

    @Override
    public void installGraphmail(Path rar) throws Exception {
        this.rar = rar;
        String factory = page.block("factory")
            .replace(PAGE_TENANT, TestTenant.TENANT)
            .replace(PAGE_CLIENT_ID, TestTenant.FACTORY_CLIENT_ID)
            .replace(PAGE_SECRET, TestTenant.FACTORY_SECRET)
            .replace(PAGE_MAILBOX, TestTenant.FACTORY_MAILBOX).text()
            + page.block("endpoints-factory").replace(PAGE_AUTHORITY, ServerSuite.sandboxUrl())
            .replace(PAGE_GRAPH, ServerSuite.sandboxUrl())
            .replace(PAGE_TRUSTSTORE, MailServers.truststore().toString()).text();
        Path systemProperties = home.resolve("conf/system.properties");
        Files.writeString(systemProperties, Files.readString(systemProperties) + "\n" + factory);

        String session = page.block("session")
            .replace(PAGE_TENANT, TestTenant.TENANT)
            .replace(PAGE_CLIENT_ID, TestTenant.SESSION_CLIENT_ID)
            .replace(PAGE_SECRET, TestTenant.SESSION_SECRET)
            .replace(PAGE_SESSION_MAILBOX, TestTenant.SESSION_MAILBOX)
            .replace("  </Resource>", page.block("endpoints-session").replace(PAGE_AUTHORITY, ServerSuite.sandboxUrl())
                .replace(PAGE_GRAPH, ServerSuite.sandboxUrl())
                .replace(PAGE_TRUSTSTORE, MailServers.truststore().toString()).text() + "  </Resource>")
            .text();
        String resource = session.substring(session.indexOf("<Resource"), session.indexOf("</tomee>"));
        Path tomeeXml = home.resolve("conf/tomee.xml");
        Files.writeString(tomeeXml, Files.readString(tomeeXml).replace("</tomee>", resource + "</tomee>"));
        // both files are read when TomEE starts
        shutdown();
        boot();
    }

    @Override
    public void deploy(WebArchive app, boolean usesGraphmail) throws Exception {
        String name = app.getName().replace(".war", "");
        Path webapps = home.resolve("webapps");
        if (usesGraphmail) {
            // section 1: the application and the adapter in one EAR
            EnterpriseArchive ear = ShrinkWrap.create(EnterpriseArchive.class, name + ".ear")
                .addAsModule(app)
                .addAsModule(new FileAsset(rar.toFile()), "graphmail.rar")
                .setApplicationXML(new StringAsset(page.block("application-xml").replace("shop", name).text()));
            Path tmp = dir.resolve(name + ".ear");
            ear.as(ZipExporter.class).exportTo(tmp.toFile(), true);
            Files.move(tmp, webapps.resolve(name + ".ear"));
        } else {
            Path tmp = dir.resolve(app.getName());
            app.as(ZipExporter.class).exportTo(tmp.toFile(), true);
            Files.move(tmp, webapps.resolve(app.getName()));
        }
        Wait.until(name + " answering", Duration.ofMinutes(2), () -> Http.answers(app(name)) ? Boolean.TRUE : null);
    }

    @Override
    public void undeploy(String appName) throws Exception {
        Path webapps = home.resolve("webapps");
        boolean ear = Files.deleteIfExists(webapps.resolve(appName + ".ear"));
        Files.deleteIfExists(webapps.resolve(appName + ".war"));
        Wait.until(appName + " gone", Duration.ofMinutes(2), () -> Http.answers(app(appName)) ? null : Boolean.TRUE);
        if (ear) {
            // section 4: TomEE leaves the directory it unpacked the EAR into
            Distribution.delete(webapps.resolve(appName));
        }
    }

    /** Section 4: the adapter left with the EAR; the configuration is read only at the next start. */
    @Override
    public void removeGraphmail() {
    }

    @Override
    public String factoryJndi() {
        return "java:openejb/Resource/graphmail.rar";
    }

    @Override
    public String sessionJndi() {
        return "java:openejb/Resource/mail/orders";
    }

    @Override
    public URI app(String name) {
        return URI.create("http://127.0.0.1:" + httpPort + "/" + name + "/");
    }

    private Path pidFile() {
        return dir.resolve("tomee.pid");
    }

    private Path log() {
        return home.resolve("logs/catalina.out");
    }

    private int count(String text) throws Exception {
        if (!Files.exists(log())) {
            return 0;
        }
        return (int) Files.readAllLines(log()).stream().filter(l -> l.contains(text)).count();
    }

    private void awaitLog(String text, int times) {
        Wait.until(times + " × '" + text + "' in " + log(), Duration.ofMinutes(3), () -> {
            try {
                return count(text) >= times ? Boolean.TRUE : null;
            } catch (Exception e) {
                return null;
            }
        });
    }

    @Override
    public long pid() {
        try {
            return Long.parseLong(Files.readString(pidFile()).strip());
        } catch (java.io.IOException e) {
            throw new AssertionError("no pid file of the server: is it running?", e);
        }
    }

    @Override
    public Path javaHome() {
        return Jdks.java17();
    }

    @Override
    public void close() {
        if (shell == null) {
            return;
        }
        shutdown();
    }

    private void kill() {
        try {
            ProcessHandle.of(pid()).ifPresent(p -> {
                p.onExit().orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
                p.destroyForcibly();
                p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
            Files.deleteIfExists(pidFile());
        } catch (Throwable e) {
            // nothing left to stop
        }
    }
}
