package io.graphmail.it.servers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Open Liberty driven by docs/open-liberty.md: its server.xml is put together from the page's blocks (features and
 * adapter, factory, mail session, the class loader of each application that uses graphmail, the endpoints), the
 * client secrets are variable files written as section 4 says, and every change is a new server.xml, which Open
 * Liberty applies while it runs.
 */
final class OpenLiberty implements AppServer {

    private static final Duration COMMAND = Duration.ofMinutes(5);
    private static final String SERVER = "graphmail";
    private static final String PAGE_RAR = "graphmail-rar-0.1.0-SNAPSHOT.rar";
    private static final String PAGE_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String PAGE_CLIENT_ID = "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f";
    private static final String PAGE_MAILBOX = "noreply@contoso.com";
    private static final String PAGE_AUTHORITY = "https://login.graph-proxy.contoso.example";
    private static final String PAGE_GRAPH = "https://graph-proxy.contoso.example";
    private static final String PAGE_TRUSTSTORE = "/opt/graphmail/private-ca.p12";
    private static final String PAGE_CA_PEM = "/opt/graphmail/private-ca.pem";
    private static final String PAGE_JVM_TRUSTSTORE = "/opt/graphmail/jvm-truststore.p12";

    private final Path zip;
    private final Path dir;
    private final DocPage page = DocPage.of("open-liberty.md");
    private final DocPage overview = DocPage.of("other-servers.md");
    /** the deployed applications, and whether each uses graphmail */
    private final Map<String, Boolean> apps = new LinkedHashMap<>();
    private boolean graphmail;
    private Path home;
    private int httpPort;
    private Shell shell;

    OpenLiberty(Path zip, Path dir) {
        this.zip = zip;
        this.dir = dir;
    }

    private Path server() {
        return home.resolve("usr/servers/" + SERVER);
    }

    @Override
    public void start() throws Exception {
        home = Distribution.freshCopy(zip, dir);
        httpPort = Ports.free();
        shell = new Shell(dir, Map.of("JAVA_HOME", javaHome().toString(),
            "PATH", javaHome().resolve("bin") + ":" + System.getenv("PATH")), dir.resolve("commands.log"));
        Files.createDirectories(server().resolve("apps"));
        trustPrivateCaInTheJvm();
        writeServerXml();
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
        shell.run(List.of(home.resolve("bin/server").toString(), "start", SERVER), COMMAND);
        awaitLog("CWWKF0011I", 1);
    }

    /** docs/other-servers.md's trust store of the JDK's anchors plus the private CA, named in jvm.options. */
    private void trustPrivateCaInTheJvm() throws Exception {
        Path pem = PrivateCa.pem(MailServers.truststore(), dir.resolve("private-ca.pem"));
        Path store = dir.resolve("jvm-truststore.p12");
        shell.bash(overview.block("jvm-truststore").replace(PAGE_CA_PEM, pem.toString())
            .replace(PAGE_JVM_TRUSTSTORE, store.toString()).text(), COMMAND);
        shell.bash(page.block("jvm-trust").replace("myserver", SERVER)
            .replace(PAGE_JVM_TRUSTSTORE, store.toString()).text(), COMMAND);
    }

    @Override
    public void installGraphmail(Path rar) throws Exception {
        Files.copy(rar, server().resolve(PAGE_RAR), StandardCopyOption.REPLACE_EXISTING);
        DocPage.Block variable = page.block("secret-variable").replace("myserver", SERVER);
        shell.bash(variable.text(), TestTenant.FACTORY_SECRET + "\n", COMMAND);
        shell.bash(variable.replace("graphmail.client.secret", "graphmail.session.secret").text(),
            TestTenant.SESSION_SECRET + "\n", COMMAND);
        int installed = count("J2CA7001I");
        graphmail = true;
        writeServerXml();
        awaitLog("J2CA7001I", installed + 1);
    }

    @Override
    public void deploy(WebArchive app, boolean usesGraphmail) throws Exception {
        String name = app.getName().replace(".war", "");
        app.as(ZipExporter.class).exportTo(server().resolve("apps").resolve(app.getName()).toFile(), true);
        apps.put(name, usesGraphmail);
        writeServerXml();
        Wait.until(name + " answering", Duration.ofMinutes(2), () -> Http.answers(app(name)) ? Boolean.TRUE : null);
    }

    @Override
    public void undeploy(String appName) throws Exception {
        int stopped = count("CWWKZ0009I");
        apps.remove(appName);
        writeServerXml();
        awaitLog("CWWKZ0009I", stopped + 1);
    }

    @Override
    public void removeGraphmail() throws Exception {
        int uninstalled = count("J2CA7009I");
        graphmail = false;
        writeServerXml();
        awaitLog("J2CA7009I", uninstalled + 1);
    }

    /** The page's blocks, with the tests' values, and what the harness adds: loopback, a free port, the apps. */
    private void writeServerXml() throws Exception {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<server>\n");
        String features = page.block("features")
            // the test application also runs its burst on the server's managed threads
            .replace("<feature>servlet-6.0</feature>", "<feature>servlet-6.0</feature><feature>concurrent-3.0</feature>")
            .text();
        if (!graphmail) {
            // section 9: without graphmail, no resourceAdapter element
            features = features.lines().filter(l -> !l.contains("<resourceAdapter")).reduce("", (a, b) -> a + b + "\n");
        }
        xml.append(features);
        xml.append("<httpEndpoint id=\"defaultHttpEndpoint\" host=\"127.0.0.1\" httpPort=\"").append(httpPort)
            .append("\" httpsPort=\"-1\"/>\n");
        if (graphmail) {
            String endpoints = page.block("endpoints-factory").replace(PAGE_AUTHORITY, ServerSuite.sandboxUrl())
                .replace(PAGE_GRAPH, ServerSuite.sandboxUrl())
                .replace(PAGE_TRUSTSTORE, MailServers.truststore().toString()).text();
            xml.append(page.block("factory")
                .replace(PAGE_TENANT, TestTenant.TENANT)
                .replace(PAGE_CLIENT_ID, TestTenant.FACTORY_CLIENT_ID)
                .replace("mailbox=\"" + PAGE_MAILBOX + "\"/>",
                    "mailbox=\"" + TestTenant.FACTORY_MAILBOX + "\"\n" + endpoints + "/>").text());
            String session = page.block("session")
                .replace(PAGE_TENANT, TestTenant.TENANT)
                .replace(PAGE_CLIENT_ID, TestTenant.SESSION_CLIENT_ID)
                .replace(PAGE_MAILBOX, TestTenant.SESSION_MAILBOX)
                // section 7's alternative to an {aes} password: a variable file, as the factory's secret
                .replace("password=\"{aes}AhDMbuF02GPIyBNE...\"", "password=\"${graphmail.session.secret}\"")
                .replace("</mailSession>", page.block("endpoints-session")
                    .replace(PAGE_AUTHORITY, ServerSuite.sandboxUrl())
                    .replace(PAGE_GRAPH, ServerSuite.sandboxUrl()).text() + "</mailSession>")
                .text();
            // the session block also shows the application's class loader: the applications are added below
            xml.append(session, 0, session.indexOf("</mailSession>") + "</mailSession>".length()).append('\n');
        }
        for (Map.Entry<String, Boolean> app : apps.entrySet()) {
            if (app.getValue() && graphmail) {
                xml.append(page.block("classloader").replace("shop", app.getKey()).text());
            } else {
                xml.append("<webApplication id=\"").append(app.getKey()).append("\" location=\"")
                    .append(app.getKey()).append(".war\" contextRoot=\"/").append(app.getKey()).append("\"/>\n");
            }
        }
        xml.append("</server>\n");
        Files.writeString(server().resolve("server.xml"), xml);
    }

    private Path messages() {
        return server().resolve("logs/messages.log");
    }

    private int count(String code) throws Exception {
        if (!Files.exists(messages())) {
            return 0;
        }
        return (int) Files.readAllLines(messages()).stream().filter(l -> l.contains(code)).count();
    }

    private void awaitLog(String code, int times) {
        Wait.until(times + " × " + code + " in " + messages(), Duration.ofMinutes(3), () -> {
            try {
                return count(code) >= times ? Boolean.TRUE : null;
            } catch (Exception e) {
                return null;
            }
        });
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
        return URI.create("http://127.0.0.1:" + httpPort + "/" + name + "/");
    }

    @Override
    public long pid() {
        try {
            return Long.parseLong(Files.readString(home.resolve("usr/servers/.pid/" + SERVER + ".pid")).strip());
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
        shell.tryRun(List.of(home.resolve("bin/server").toString(), "stop", SERVER), COMMAND);
        kill();
    }

    private void kill() {
        try {
            ProcessHandle.of(pid()).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        } catch (Throwable e) {
            // nothing left to stop
        }
    }
}
