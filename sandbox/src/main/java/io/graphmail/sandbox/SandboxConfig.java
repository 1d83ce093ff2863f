package io.graphmail.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the sandbox pretends exists: tenants, app registrations, mailboxes and their grants, and the service limits.
 * Immutable; the running sandbox swaps whole configurations when the admin API adds something.
 * Mailbox addresses are compared case-insensitively (Exchange does).
 */
public final class SandboxConfig {
    /** The demo tenant's directory ID. */
    public static final String DEMO_TENANT_ID = "2f4a9c1e-7b3d-4e8f-a6c2-5d9e0b1f3a7c";
    /** The demo tenant's verified domain. */
    public static final String DEMO_DOMAIN = "contoso.example";
    /** The demo app's client ID. */
    public static final String DEMO_CLIENT_ID = "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f";
    /** The demo app's secret value. */
    public static final String DEMO_SECRET = "sandbox-secret-value";

    private final int port;
    private final Map<String, List<String>> tenants;
    private final Map<String, App> apps;
    private final Set<String> mailboxes;
    private final Set<String> inactiveMailboxes;
    private final Map<String, Set<String>> sendAs;
    private final Map<String, Set<String>> sendOnBehalf;
    private final Set<String> unresolvableRecipients;
    private final int concurrencyPerMailbox;
    private final int throttleRetryAfterSeconds;
    private final int maxRequestBytes;
    private final int maxRequestStatus;
    private final long maxMessageBytes;
    private final boolean strictInternetMessageHeaders;
    private final String uploadHost;
    private final Map<String, User> users;
    private final SmtpSettings smtp;
    private final Limits limits;

    private SandboxConfig(Builder b) {
        if (b.tenants.isEmpty()) {
            throw new IllegalArgumentException("a sandbox configuration needs at least one tenant");
        }
        this.port = b.port;
        this.tenants = copy(b.tenants);
        String first = b.tenants.keySet().iterator().next();
        Map<String, App> a = new LinkedHashMap<>();
        for (App app : b.apps.values()) {
            if (app.tenant() != null && !b.tenants.containsKey(app.tenant())) {
                throw new IllegalArgumentException("app " + app.clientId() + ": unknown tenant " + app.tenant());
            }
            a.put(app.clientId(), app);
        }
        this.apps = Map.copyOf(a);
        this.mailboxes = Set.copyOf(b.mailboxes);
        this.inactiveMailboxes = Set.copyOf(b.inactiveMailboxes);
        this.sendAs = copySets(b.sendAs);
        this.sendOnBehalf = copySets(b.sendOnBehalf);
        this.unresolvableRecipients = Set.copyOf(b.unresolvable);
        this.concurrencyPerMailbox = b.concurrencyPerMailbox;
        this.throttleRetryAfterSeconds = b.throttleRetryAfterSeconds;
        this.maxRequestBytes = b.maxRequestBytes;
        this.maxRequestStatus = b.maxRequestStatus;
        this.maxMessageBytes = b.maxMessageBytes;
        this.strictInternetMessageHeaders = b.strictInternetMessageHeaders;
        this.uploadHost = b.uploadHost;
        this.users = Map.copyOf(b.users);
        this.smtp = b.smtp;
        this.limits = b.limits;
        this.firstTenant = first;
        this.builderState = b.copy();
    }

    private final String firstTenant;
    private final Builder builderState;

    /** @return a builder with Graph's documented limits as defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this configuration (to add mailboxes or apps) */
    public Builder toBuilder() {
        return builderState.copy();
    }

    /**
     * The demo configuration: tenant {@value #DEMO_TENANT_ID} ({@value #DEMO_DOMAIN}), app {@value #DEMO_CLIENT_ID}
     * with secret {@value #DEMO_SECRET} and roles Mail.Send + Mail.ReadWrite, mailboxes sender, shared (sender may
     * send as shared), alice and bob, and the unresolvable recipient nobody@contoso.example. For delegated flows the
     * app allows public client flows and the delegated permissions Mail.Send, Mail.Send.Shared, Mail.ReadWrite,
     * SMTP.Send and User.Read, and sender, alice and bob are users who can sign in.
     *
     * @return the demo configuration
     */
    public static SandboxConfig demo() {
        return builder()
            .tenant(DEMO_TENANT_ID, DEMO_DOMAIN)
            .app(App.builder(DEMO_CLIENT_ID).secret(DEMO_SECRET).roles("Mail.Send", "Mail.ReadWrite", "SMTP.SendAsApp")
                .delegated(DelegatedApp.publicClient("Mail.Send", "Mail.Send.Shared", "Mail.ReadWrite", "SMTP.Send",
                    "User.Read"))
                .build())
            .user(new User("sender@contoso.example", "Sender"))
            .user(new User("alice@contoso.example", "Alice"))
            .user(new User("bob@contoso.example", "Bob"))
            .mailbox("sender@contoso.example")
            .mailbox("shared@contoso.example")
            .mailbox("alice@contoso.example")
            .mailbox("bob@contoso.example")
            .sendAs("sender@contoso.example", "shared@contoso.example")
            .unresolvableRecipient("nobody@contoso.example")
            .smtp(SmtpSettings.builder().fullAccess(DEMO_CLIENT_ID, "sender@contoso.example")
                .fullAccess(DEMO_CLIENT_ID, "shared@contoso.example").build())
            .build();
    }

    /**
     * @param file a JSON configuration (every field in docs/sandbox.md, "Configuration file")
     * @return the configuration
     * @throws IOException when the file cannot be read or is invalid (the message names the field)
     */
    public static SandboxConfig fromJson(Path file) throws IOException {
        return ConfigJson.parse(java.nio.file.Files.readString(file));
    }

    /**
     * @param json a JSON configuration (every field in docs/sandbox.md, "Configuration file")
     * @return the configuration
     * @throws IllegalArgumentException naming the field when a field is unknown or malformed
     */
    public static SandboxConfig fromJson(String json) {
        try {
            return ConfigJson.parse(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** @return the port to listen on (0 = any free port) */
    public int port() {
        return port;
    }

    /** @return the first tenant's ID */
    public String tenantId() {
        return firstTenant;
    }

    /** @return all tenant IDs with their verified domains */
    public Map<String, List<String>> tenants() {
        return tenants;
    }

    /**
     * @param tenantOrDomain a tenant ID or verified domain, as in the token endpoint path
     * @return the tenant ID, if it exists
     */
    public Optional<String> resolveTenant(String tenantOrDomain) {
        for (Map.Entry<String, List<String>> t : tenants.entrySet()) {
            if (t.getKey().equalsIgnoreCase(tenantOrDomain)
                || t.getValue().stream().anyMatch(d -> d.equalsIgnoreCase(tenantOrDomain))) {
                return Optional.of(t.getKey());
            }
        }
        return Optional.empty();
    }

    /** @return the apps by client ID */
    public Map<String, App> apps() {
        return apps;
    }

    /** @param app an app of this configuration @return its tenant ID */
    public String tenantOf(App app) {
        return app.tenant() == null ? firstTenant : app.tenant();
    }

    /** @return the active mailboxes (lower case) */
    public Set<String> mailboxes() {
        return mailboxes;
    }

    /** @return mailboxes that exist but are not enabled for REST (lower case) */
    public Set<String> inactiveMailboxes() {
        return inactiveMailboxes;
    }

    /** @param mailbox the sending mailbox @param from a From address @return whether mailbox has Send As on from */
    public boolean maySendAs(String mailbox, String from) {
        return sendAs.getOrDefault(lower(mailbox), Set.of()).contains(lower(from));
    }

    /** @param mailbox the sending mailbox @param from a From address @return whether mailbox may send on behalf of from */
    public boolean maySendOnBehalf(String mailbox, String from) {
        return sendOnBehalf.getOrDefault(lower(mailbox), Set.of()).contains(lower(from));
    }

    /** @return recipient addresses Exchange cannot resolve (lower case) */
    public Set<String> unresolvableRecipients() {
        return unresolvableRecipients;
    }

    /** @return concurrent requests allowed per app and mailbox */
    public int concurrencyPerMailbox() {
        return concurrencyPerMailbox;
    }

    /** @return the Retry-After on concurrency 429s */
    public int throttleRetryAfterSeconds() {
        return throttleRetryAfterSeconds;
    }

    /** @return the largest Graph request body accepted */
    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    /** @return the status for a too-large request: 400 (observed) or 413 */
    public int maxRequestStatus() {
        return maxRequestStatus;
    }

    /** @return the largest message Exchange accepts (35 MB by default) */
    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * docs/graph-behaviour.md §1.4, reported: an empty internetMessageHeaders array and more than
     * {@value #MAX_INTERNET_MESSAGE_HEADERS} headers are both reported to fail with 400.
     *
     * @return whether the sandbox refuses them (default true)
     */
    public boolean strictInternetMessageHeaders() {
        return strictInternetMessageHeaders;
    }

    /** @return the host name in upload URLs: {@code localhost} (default) or {@code 127.0.0.1} */
    public String uploadHost() {
        return uploadHost;
    }

    /** @return the users who can sign in, by UPN (lower case) */
    public Map<String, User> users() {
        return users;
    }

    /** @param upnOrObjectId a UPN (any case) or object ID @return the user, if there is one */
    public Optional<User> user(String upnOrObjectId) {
        String key = lower(upnOrObjectId);
        return users.values().stream().filter(u -> u.upn().equals(key) || u.objectId().equals(key)).findFirst();
    }

    /** @return Exchange Online's SMTP AUTH settings: SMTP AUTH on or off, mailbox permissions, limits */
    public SmtpSettings smtp() {
        return smtp;
    }

    /** @return the request and upload budgets per app and mailbox, and their time scale */
    public Limits limits() {
        return limits;
    }

    /** The reported largest number of internetMessageHeaders on one message (docs/graph-behaviour.md §1.4, reported). */
    public static final int MAX_INTERNET_MESSAGE_HEADERS = 5;

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> m) {
        Map<String, List<String>> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(c);
    }

    private static Map<String, Set<String>> copySets(Map<String, Set<String>> m) {
        Map<String, Set<String>> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, Set.copyOf(v)));
        return Map.copyOf(c);
    }

    /** Builder of {@link SandboxConfig}. */
    public static final class Builder {
        private int port;
        private final Map<String, List<String>> tenants = new LinkedHashMap<>();
        private final Map<String, App> apps = new LinkedHashMap<>();
        private final Set<String> mailboxes = new LinkedHashSet<>();
        private final Set<String> inactiveMailboxes = new LinkedHashSet<>();
        private final Map<String, Set<String>> sendAs = new LinkedHashMap<>();
        private final Map<String, Set<String>> sendOnBehalf = new LinkedHashMap<>();
        private final Set<String> unresolvable = new LinkedHashSet<>();
        private int concurrencyPerMailbox = 4;
        private int throttleRetryAfterSeconds = 1;
        private int maxRequestBytes = 4 * 1024 * 1024;
        private int maxRequestStatus = 400;
        private long maxMessageBytes = 35L * 1024 * 1024;
        private boolean strictInternetMessageHeaders = true;
        private String uploadHost = "localhost";
        private final Map<String, User> users = new LinkedHashMap<>();
        private SmtpSettings smtp = SmtpSettings.defaults();
        private Limits limits = Limits.graph();

        private Builder() {
        }

        Builder copy() {
            Builder c = new Builder();
            c.port = port;
            tenants.forEach((k, v) -> c.tenants.put(k, new ArrayList<>(v)));
            c.apps.putAll(apps);
            c.mailboxes.addAll(mailboxes);
            c.inactiveMailboxes.addAll(inactiveMailboxes);
            sendAs.forEach((k, v) -> c.sendAs.put(k, new LinkedHashSet<>(v)));
            sendOnBehalf.forEach((k, v) -> c.sendOnBehalf.put(k, new LinkedHashSet<>(v)));
            c.unresolvable.addAll(unresolvable);
            c.concurrencyPerMailbox = concurrencyPerMailbox;
            c.throttleRetryAfterSeconds = throttleRetryAfterSeconds;
            c.maxRequestBytes = maxRequestBytes;
            c.maxRequestStatus = maxRequestStatus;
            c.maxMessageBytes = maxMessageBytes;
            c.strictInternetMessageHeaders = strictInternetMessageHeaders;
            c.uploadHost = uploadHost;
            c.users.putAll(users);
            c.smtp = smtp;
            c.limits = limits;
            return c;
        }

        /** @param port port to listen on, 0 for any free port @return this */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** @param tenantId directory ID @param verifiedDomains domains usable instead of the ID @return this */
        public Builder tenant(String tenantId, String... verifiedDomains) {
            tenants.computeIfAbsent(tenantId, k -> new ArrayList<>()).addAll(List.of(verifiedDomains));
            return this;
        }

        /** @param app an app registration (replaces one with the same client ID) @return this */
        public Builder app(App app) {
            apps.put(app.clientId(), app);
            return this;
        }

        /** @param address an active mailbox @return this */
        public Builder mailbox(String address) {
            mailboxes.add(lower(address));
            return this;
        }

        /** @param address a mailbox not enabled for REST (404 MailboxNotEnabledForRESTAPI) @return this */
        public Builder inactiveMailbox(String address) {
            inactiveMailboxes.add(lower(address));
            return this;
        }

        /** @param mailbox the mailbox in the URL @param fromAddress a From it may use (Send As) @return this */
        public Builder sendAs(String mailbox, String fromAddress) {
            sendAs.computeIfAbsent(lower(mailbox), k -> new LinkedHashSet<>()).add(lower(fromAddress));
            return this;
        }

        /** @param mailbox the mailbox in the URL @param fromAddress a From it may use (Send on Behalf) @return this */
        public Builder sendOnBehalf(String mailbox, String fromAddress) {
            sendOnBehalf.computeIfAbsent(lower(mailbox), k -> new LinkedHashSet<>()).add(lower(fromAddress));
            return this;
        }

        /** @param address a recipient that fails with ErrorInvalidRecipients @return this */
        public Builder unresolvableRecipient(String address) {
            unresolvable.add(lower(address));
            return this;
        }

        /** @param n concurrent Graph requests per app and mailbox before 429 (default 4) @return this */
        public Builder concurrencyPerMailbox(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("concurrencyPerMailbox must be >= 1");
            }
            this.concurrencyPerMailbox = n;
            return this;
        }

        /** @param seconds Retry-After on concurrency 429s (default 1) @return this */
        public Builder throttleRetryAfterSeconds(int seconds) {
            this.throttleRetryAfterSeconds = seconds;
            return this;
        }

        /** @param bytes largest Graph request body (default 4 MiB) @return this */
        public Builder maxRequestBytes(int bytes) {
            this.maxRequestBytes = bytes;
            return this;
        }

        /**
         * docs/graph-behaviour.md §2.1, reported: the 4 MB limit is reported both as 400 BadRequest and as 413.
         *
         * @param status 400 (default) or 413
         * @return this
         */
        public Builder maxRequestStatus(int status) {
            if (status != 400 && status != 413) {
                throw new IllegalArgumentException("maxRequestStatus must be 400 or 413");
            }
            this.maxRequestStatus = status;
            return this;
        }

        /** @param bytes largest message (default 35 MiB, Exchange allows up to 150 MB) @return this */
        public Builder maxMessageBytes(long bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        /**
         * docs/graph-behaviour.md §1.4, reported: reported, not documented: an empty internetMessageHeaders array, or more than
         * {@value SandboxConfig#MAX_INTERNET_MESSAGE_HEADERS} entries, fails the request with 400.
         *
         * @param strict true (default) to refuse both, false to accept any number
         * @return this
         */
        public Builder strictInternetMessageHeaders(boolean strict) {
            this.strictInternetMessageHeaders = strict;
            return this;
        }

        /**
         * @param host {@code localhost} (default: not Graph's host, as Outlook's upload host is not) or
         *     {@code 127.0.0.1} (for a client that cannot resolve localhost to 127.0.0.1)
         * @return this
         */
        public Builder uploadHost(String host) {
            if (!"localhost".equals(host) && !"127.0.0.1".equals(host)) {
                throw new IllegalArgumentException("uploadHost must be localhost or 127.0.0.1");
            }
            this.uploadHost = host;
            return this;
        }

        /** @param user a user who can sign in (replaces one with the same UPN) @return this */
        public Builder user(User user) {
            users.put(user.upn(), user);
            return this;
        }

        /** @param settings the SMTP AUTH endpoint's settings (default: on, no mailbox permissions) @return this */
        public Builder smtp(SmtpSettings settings) {
            this.smtp = java.util.Objects.requireNonNull(settings, "smtp");
            return this;
        }

        /** @param limits request and upload budgets per app and mailbox (default {@link Limits#graph()}) @return this */
        public Builder limits(Limits limits) {
            this.limits = java.util.Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** @return the configuration */
        public SandboxConfig build() {
            return new SandboxConfig(this);
        }
    }
}
