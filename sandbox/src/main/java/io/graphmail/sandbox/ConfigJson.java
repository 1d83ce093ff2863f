package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of {@link SandboxConfig}. Strict on purpose: a misspelt field silently ignored would leave a user
 * wondering why the sandbox does not do what the file says, so every error names the field.
 */
final class ConfigJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("port", "tenants", "apps", "mailboxes", "inactiveMailboxes",
        "sendAs", "sendOnBehalf", "unresolvableRecipients", "concurrencyPerMailbox", "throttleRetryAfterSeconds",
        "maxRequestBytes", "maxRequestStatus", "maxMessageBytes", "strictInternetMessageHeaders", "uploadHost", "users", "smtp",
        "limits");
    private static final Set<String> LIMITS = Set.of("requests", "requestWindowSeconds", "uploadBytes",
        "uploadWindowSeconds", "timeScale");
    private static final Set<String> TENANT = Set.of("id", "domains");
    private static final Set<String> APP = Set.of("clientId", "tenant", "secrets", "expiredSecrets", "certificates",
        "roles", "tokenLifetimeSeconds", "allowedMailboxes", "publicClient", "redirectUris",
        "delegatedPermissions");
    private static final Set<String> USER = Set.of("upn", "displayName");
    private static final Set<String> GRANT = Set.of("mailbox", "from");

    private ConfigJson() {
    }

    static SandboxConfig parse(String json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("sandbox config: not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("sandbox config: the document must be a JSON object");
        }
        checkFields(root, TOP, "");
        SandboxConfig.Builder b = SandboxConfig.builder();
        try {
            if (root.has("port")) {
                b.port(integer(root, "port", ""));
            }
            for (JsonNode t : array(root, "tenants", "")) {
                checkFields(t, TENANT, "tenants[].");
                b.tenant(text(t, "id", "tenants[]."), strings(t, "domains", "tenants[].").toArray(String[]::new));
            }
            for (JsonNode a : array(root, "apps", "")) {
                b.app(app(a));
            }
            strings(root, "mailboxes", "").forEach(b::mailbox);
            strings(root, "inactiveMailboxes", "").forEach(b::inactiveMailbox);
            for (JsonNode g : array(root, "sendAs", "")) {
                checkFields(g, GRANT, "sendAs[].");
                b.sendAs(text(g, "mailbox", "sendAs[]."), text(g, "from", "sendAs[]."));
            }
            for (JsonNode g : array(root, "sendOnBehalf", "")) {
                checkFields(g, GRANT, "sendOnBehalf[].");
                b.sendOnBehalf(text(g, "mailbox", "sendOnBehalf[]."), text(g, "from", "sendOnBehalf[]."));
            }
            strings(root, "unresolvableRecipients", "").forEach(b::unresolvableRecipient);
            for (JsonNode u : array(root, "users", "")) {
                checkFields(u, USER, "users[].");
                b.user(new User(text(u, "upn", "users[]."),
                    u.has("displayName") ? text(u, "displayName", "users[].") : null));
            }
            if (root.has("concurrencyPerMailbox")) {
                b.concurrencyPerMailbox(integer(root, "concurrencyPerMailbox", ""));
            }
            if (root.has("throttleRetryAfterSeconds")) {
                b.throttleRetryAfterSeconds(integer(root, "throttleRetryAfterSeconds", ""));
            }
            if (root.has("maxRequestBytes")) {
                b.maxRequestBytes(integer(root, "maxRequestBytes", ""));
            }
            if (root.has("maxRequestStatus")) {
                b.maxRequestStatus(integer(root, "maxRequestStatus", ""));
            }
            if (root.has("maxMessageBytes")) {
                b.maxMessageBytes(integer(root, "maxMessageBytes", ""));
            }
            if (root.has("strictInternetMessageHeaders")) {
                JsonNode strict = root.get("strictInternetMessageHeaders");
                if (!strict.isBoolean()) {
                    throw new IOException("sandbox config: strictInternetMessageHeaders must be true or false");
                }
                b.strictInternetMessageHeaders(strict.asBoolean());
            }
            if (root.has("uploadHost")) {
                b.uploadHost(text(root, "uploadHost", ""));
            }
            if (root.has("smtp")) {
                b.smtp(SmtpSettingsJson.parse(root.get("smtp")));
            }
            if (root.has("limits")) {
                b.limits(limits(Limits.graph(), root.get("limits")));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IOException("sandbox config: " + e.getMessage(), e);
        }
    }

    /** Parses one app; public in effect for the admin API, which takes the same shape. */
    static App app(JsonNode a) throws IOException {
        checkFields(a, APP, "apps[].");
        App.Builder app = App.builder(text(a, "clientId", "apps[]."));
        if (a.has("tenant")) {
            app.tenant(text(a, "tenant", "apps[]."));
        }
        strings(a, "secrets", "apps[].").forEach(app::secret);
        strings(a, "expiredSecrets", "apps[].").forEach(app::expiredSecret);
        for (String pem : strings(a, "certificates", "apps[].")) {
            app.certificate(certificate(pem));
        }
        if (a.has("roles")) {
            app.roles(strings(a, "roles", "apps[].").toArray(String[]::new));
        }
        if (a.has("tokenLifetimeSeconds")) {
            app.tokenLifetimeSeconds(integer(a, "tokenLifetimeSeconds", "apps[]."));
        }
        app.allowedMailboxes(strings(a, "allowedMailboxes", "apps[].").toArray(String[]::new));
        if (a.has("publicClient") && !a.get("publicClient").isBoolean()) {
            throw new IOException("sandbox config: apps[].publicClient must be true or false");
        }
        app.delegated(new DelegatedApp(a.path("publicClient").asBoolean(false), strings(a, "redirectUris", "apps[]."),
            new java.util.LinkedHashSet<>(strings(a, "delegatedPermissions", "apps[]."))));
        return app.build();
    }

    /**
     * Applies a {@code limits} object (the configuration file's, or the admin API's body) over {@code base}: fields
     * left out keep their value.
     */
    static Limits limits(Limits base, JsonNode l) throws IOException {
        String p = "limits.";
        checkFields(l, LIMITS, p);
        int requests = l.has("requests") ? integer(l, "requests", p) : base.requests();
        java.time.Duration requestWindow = l.has("requestWindowSeconds")
            ? java.time.Duration.ofSeconds(integer(l, "requestWindowSeconds", p)) : base.requestWindow();
        long bytes = base.uploadBytes();
        if (l.has("uploadBytes")) {
            if (!l.get("uploadBytes").isIntegralNumber() || !l.get("uploadBytes").canConvertToLong()) {
                throw new IOException("sandbox config: field 'limits.uploadBytes' must be an integer");
            }
            bytes = l.get("uploadBytes").asLong();
        }
        java.time.Duration uploadWindow = l.has("uploadWindowSeconds")
            ? java.time.Duration.ofSeconds(integer(l, "uploadWindowSeconds", p)) : base.uploadWindow();
        double scale = base.timeScale();
        if (l.has("timeScale")) {
            if (!l.get("timeScale").isNumber()) {
                throw new IOException("sandbox config: field 'limits.timeScale' must be a number");
            }
            scale = l.get("timeScale").asDouble();
        }
        try {
            return new Limits(requests, requestWindow, bytes, uploadWindow, scale);
        } catch (IllegalArgumentException e) {
            throw new IOException("sandbox config: " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(String pem) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new IOException("sandbox config: apps[].certificates: not a PEM X.509 certificate", e);
        }
    }

    private static void checkFields(JsonNode node, Set<String> allowed, String prefix) throws IOException {
        if (!node.isObject()) {
            throw new IOException("sandbox config: " + (prefix.isEmpty() ? "document" : prefix) + " must be an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IOException("sandbox config: unknown field '" + prefix + name + "'");
            }
        }
    }

    private static List<JsonNode> array(JsonNode node, String field, String prefix) throws IOException {
        JsonNode v = node.get(field);
        List<JsonNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new IOException("sandbox config: field '" + prefix + field + "' must be an array");
        }
        v.forEach(out::add);
        return out;
    }

    private static List<String> strings(JsonNode node, String field, String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode e : array(node, field, prefix)) {
            if (!e.isTextual()) {
                throw new IOException("sandbox config: field '" + prefix + field + "' must hold strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static String text(JsonNode node, String field, String prefix) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IOException("sandbox config: field '" + prefix + field + "' must be a non-empty string");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String field, String prefix) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IOException("sandbox config: field '" + prefix + field + "' must be an integer");
        }
        return v.asInt();
    }
}
