package io.graphmail.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Jakarta Mail session properties (graphmail's public names) that send through a running sandbox as its first
 * app, from its first sender mailbox. One place, so that what {@code java -jar} prints and what code gets agree.
 */
final class MailProperties {

    private MailProperties() {
    }

    static Map<String, String> of(Sandbox sandbox) {
        SandboxConfig c = sandbox.config();
        App app = c.apps().values().stream().findFirst().orElse(null);
        String mailbox = c.mailboxes().contains("sender@contoso.example") ? "sender@contoso.example"
                : c.mailboxes().stream().sorted().findFirst().orElse("");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mail.transport.protocol", "graph");
        p.put("mail.transport.protocol.rfc822", "graph");
        p.put("mail.graph.tenant", app == null ? c.tenantId() : c.tenantOf(app));
        p.put("mail.graph.client.id", app == null ? "" : app.clientId());
        p.put("mail.graph.client.secret", app == null || app.secrets().isEmpty() ? "" : app.secrets().get(0));
        p.put("mail.graph.user", mailbox);
        p.put("mail.graph.authority", sandbox.authorityUrl());
        p.put("mail.graph.endpoint", sandbox.graphUrl());
        p.put("mail.graph.ssl.truststore", sandbox.truststore().toString());
        p.put("mail.graph.ssl.truststore.password", sandbox.truststorePassword());
        return p;
    }

    /** What switches the same configuration to the sandbox's SMTP endpoint (graphmail refuses them without submit). */
    static Map<String, String> smtp(Sandbox sandbox) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mail.graph.submit", "smtp");
        p.put("mail.graph.smtp.host", sandbox.smtpHost());
        p.put("mail.graph.smtp.port", String.valueOf(sandbox.smtpPort()));
        return p;
    }
}
