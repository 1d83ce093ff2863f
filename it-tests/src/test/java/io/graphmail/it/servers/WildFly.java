package io.graphmail.it.servers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * WildFly driven by docs/wildfly.md: started with a port offset and bound to 127.0.0.1 (the page's own verification
 * setup), graphmail installed by the page's jboss-cli commands and files, the client secrets as Elytron encrypted
 * expressions, the applications that use graphmail given the page's MANIFEST line.
 */
final class WildFly implements AppServer {

    private static final Duration CLI = Duration.ofMinutes(3);
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{ENC::graphmail:[^}]+}");
    /** The page's example values, replaced by the tests' own. */
    private static final String PAGE_RAR = "/opt/graphmail/graphmail-rar-0.1.0-SNAPSHOT.rar";
    private static final String PAGE_CONTROLLER = "--controller=127.0.0.1:9990";
    private static final String PAGE_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String PAGE_CLIENT_ID = "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f";
    private static final String PAGE_MAILBOX = "noreply@contoso.com";
    private static final String PAGE_EXPRESSION =
        "${ENC::graphmail:RUxZAUMQ4qo35NI4BeX+goz6cw1QJxyzLdqX5jZk7mZ45G13i4G9WqZEOjrSZq1jt4J9iqoz}";
    private static final String PAGE_AUTHORITY = "https://login.graph-proxy.contoso.example";
    private static final String PAGE_GRAPH = "https://graph-proxy.contoso.example";
    private static final String PAGE_TRUSTSTORE = "/opt/graphmail/private-ca.p12";
    private static final String PAGE_CA_PEM = "/opt/graphmail/private-ca.pem";
    private static final String PAGE_JVM_TRUSTSTORE = "/opt/graphmail/jvm-truststore.p12";

    private final Path zip;
    private final Path dir;
    private final DocPage page = DocPage.of("wildfly.md");
    private final DocPage overview = DocPage.of("other-servers.md");
    private Path home;
    private int offset;
    private Shell shell;
    private Process process;

    WildFly(Path zip, Path dir) {
        this.zip = zip;
        this.dir = dir;
    }

    @Override
    public void start() throws Exception {
        home = Distribution.freshCopy(zip, dir);
        // WildFly binds its ports again on every reload: keep them below the ephemeral range
        offset = Ports.freeOffset(1000, Ports.EPHEMERAL - 9993, 8080, 8443, 9990, 9993);
        shell = new Shell(home, Map.of("JAVA_HOME", javaHome().toString()), dir.resolve("server-console.log"));
        trustPrivateCaInTheJvm();
        process = shell.start(List.of("bin/standalone.sh", "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
            "-Djboss.socket.binding.port-offset=" + offset));
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
        Path log = home.resolve("standalone/log/server.log");
        Wait.until("WildFly started (WFLYSRV0025 in " + log + ")", Duration.ofMinutes(3), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("WildFly exited with " + process.exitValue() + ", see " + log);
            }
            return read(log).contains("WFLYSRV0025") ? Boolean.TRUE : null;
        });
    }

    /** docs/other-servers.md's trust store of the JDK's anchors plus the private CA, and the page's JVM option. */
    private void trustPrivateCaInTheJvm() throws Exception {
        Path pem = PrivateCa.pem(MailServers.truststore(), dir.resolve("private-ca.pem"));
        shell.bash(overview.block("jvm-truststore").text()
            .replace(PAGE_CA_PEM, pem.toString()).replace(PAGE_JVM_TRUSTSTORE, jvmTruststore().toString()), CLI);
        shell.bash(page.block("jvm-trust").replace(PAGE_JVM_TRUSTSTORE, jvmTruststore().toString()).text(), CLI);
    }

    private Path jvmTruststore() {
        return dir.resolve("jvm-truststore.p12");
    }

    @Override
    public void installGraphmail(Path rar) throws Exception {
        cli(page.block("deploy-adapter").replace(PAGE_RAR, rar.toString()));

        Files.writeString(home.resolve("graphmail-keys.cli"), page.block("keys-cli").text());
        cli(page.block("keys-run"));
        String factorySecret = expression(TestTenant.FACTORY_SECRET);
        String sessionSecret = expression(TestTenant.SESSION_SECRET);

        Files.writeString(home.resolve("graphmail-factory.cli"), page.block("factory-cli")
            .replace(PAGE_TENANT, TestTenant.TENANT)
            .replace(PAGE_CLIENT_ID, TestTenant.FACTORY_CLIENT_ID)
            .replace(PAGE_EXPRESSION, factorySecret)
            .replace(PAGE_MAILBOX, TestTenant.FACTORY_MAILBOX).text());
        cli(page.block("factory-run"));

        Files.writeString(home.resolve("graphmail-mail-session.cli"), page.block("session-cli")
            .replace(PAGE_TENANT, TestTenant.TENANT)
            .replace(PAGE_CLIENT_ID, TestTenant.SESSION_CLIENT_ID)
            .replace(PAGE_EXPRESSION, sessionSecret)
            .replace(PAGE_MAILBOX, TestTenant.SESSION_MAILBOX).text());
        cli(page.block("session-run"));

        Files.writeString(home.resolve("graphmail-endpoints.cli"), page.block("endpoints-cli")
            .replace(PAGE_AUTHORITY, ServerSuite.sandboxUrl())
            .replace(PAGE_GRAPH, ServerSuite.sandboxUrl())
            .replace(PAGE_TRUSTSTORE, MailServers.truststore().toString()).text());
        cli(page.block("endpoints-run"));
    }

    /** Section 3: the page's commands make an encrypted expression of what the administrator types. */
    private String expression(String secret) {
        String out = cliTyped(page.block("expression"), secret + "\n");
        Matcher m = EXPRESSION.matcher(out);
        if (!m.find()) {
            throw new AssertionError("no ${ENC::graphmail:...} expression in:\n" + out);
        }
        return m.group();
    }

    @Override
    public void deploy(WebArchive app, boolean usesGraphmail) throws Exception {
        if (usesGraphmail) {
            String line = page.block("manifest").text().strip();
            app.setManifest(new StringAsset("Manifest-Version: 1.0\n" + line + "\n"));
        }
        Path war = dir.resolve(app.getName());
        app.as(ZipExporter.class).exportTo(war.toFile(), true);
        controller("deploy --force " + war);
        String name = app.getName().replace(".war", "");
        Wait.until(name + " answering", Duration.ofMinutes(1), () -> Http.answers(app(name)) ? Boolean.TRUE : null);
    }

    /** {@code deploy --force} replaces the deployment in one step. */
    @Override
    public void redeploy(WebArchive app, boolean usesGraphmail) throws Exception {
        deploy(app, usesGraphmail);
    }

    @Override
    public void undeploy(String appName) {
        controller("undeploy " + appName + ".war");
    }

    @Override
    public void removeGraphmail() {
        cli(page.block("remove"));
    }

    @Override
    public String factoryJndi() {
        return "java:/mail/graph";
    }

    @Override
    public String sessionJndi() {
        return "java:jboss/mail/Default";
    }

    @Override
    public URI app(String name) {
        return URI.create("http://127.0.0.1:" + (8080 + offset) + "/" + name + "/");
    }

    @Override
    public long pid() {
        return process.descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
            .findFirst().orElseThrow(() -> new AssertionError("no java process under standalone.sh")).pid();
    }

    @Override
    public Path javaHome() {
        return Jdks.java17();
    }

    /** A page block of shell commands, run in the server's home with this server's management port. */
    private String cli(DocPage.Block block) {
        return shell.bash(controllerOf(block).text(), CLI);
    }

    private String cliTyped(DocPage.Block block, String typed) {
        return shell.bash(controllerOf(block).text(), typed, CLI);
    }

    private DocPage.Block controllerOf(DocPage.Block block) {
        return block.replace(PAGE_CONTROLLER, "--controller=127.0.0.1:" + (9990 + offset));
    }

    /** The suite's own commands (deploying its applications), on the same management port. */
    private String controller(String command) {
        return shell.run(List.of("bin/jboss-cli.sh", "-c", "--controller=127.0.0.1:" + (9990 + offset),
            "--command=" + command), CLI);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws Exception {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            shell.tryRun(List.of("bin/jboss-cli.sh", "-c", "--controller=127.0.0.1:" + (9990 + offset),
                "--command=:shutdown"), CLI);
            process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        kill();
    }

    private void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

}
