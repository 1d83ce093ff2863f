package io.graphmail.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every public setting of graphmail, once: its session property, the resource adapter's JavaBean property, its kind,
 * the default as the documentation states it, its range and whether it is a secret. Parsing ({@link GraphSettings}),
 * the check for unknown keys ({@link UnknownKeys}), the resource adapter's mapping and the documentation tables (checked
 * by a test) all follow from this table.
 */
public enum Setting {
    TENANT("tenant", "TenantId", Kind.TEXT, "required", "directory (tenant) ID or a verified domain"),
    CLIENT_ID("client.id", "ClientId", Kind.TEXT, "required", "application (client) ID"),
    CLIENT_SECRET("client.secret", "ClientSecret", Kind.SECRET, "the password given to `connect()`",
            "the client secret's Value"),
    CERTIFICATE("client.certificate", "CertificatePath", Kind.FILE, "—",
            "PKCS#12 or PEM file with the certificate and its private key"),
    CERTIFICATE_PASSWORD("client.certificate.password", "CertificatePassword", Kind.SECRET, "—", "its password"),
    ASSERTION_FILE("client.assertion.file", "AssertionFile", Kind.FILE, "—",
            "federated token file, re-read for every token request"),
    USER("user", "Mailbox", Kind.TEXT, "the message's From", "mailbox to send through (UPN or object id)"),
    FROM_ALLOWED("from.allowed", "AllowedFrom", Kind.TEXT, "any", "comma list of addresses or @domains allowed as From"),
    CLOUD("cloud", "Cloud", Kind.TEXT, "`global`", "global, usgov, usgovdod or china"),
    AUTHORITY("authority", "AuthorityUrl", Kind.URL, "per cloud", "identity platform base URL"),
    ENDPOINT("endpoint", "GraphUrl", Kind.URL, "per cloud", "Graph base URL, without /v1.0"),
    SCOPE("scope", "Scope", Kind.TEXT, "/.default`", "token scope"),
    SAVE_TO_SENT_ITEMS("savetosentitems", "SaveToSentItems", Kind.BOOLEAN, "`true`", "keep a copy in Sent Items"),
    CONNECTION_TIMEOUT("connectiontimeout", "ConnectTimeout", Kind.NUMBER, "`10000`", "connect timeout",
            1, Integer.MAX_VALUE, "milliseconds"),
    TIMEOUT("timeout", "ReadTimeout", Kind.NUMBER, "`60000`", "timeout of one request", 1, Integer.MAX_VALUE,
            "milliseconds"),
    RETRIES("retries", "Retries", Kind.NUMBER, "`4`", "retries after 429 / 503", 0, 20, "retries"),
    CONCURRENCY("concurrency", "Concurrency", Kind.NUMBER, "`4`", "requests in flight per mailbox", 1, 64,
            "requests"),
    MAX_SIZE("maxsize", "MaxSize", Kind.NUMBER, "`36700160`", "largest message accepted", 1,
            GraphSettings.LARGEST_MAX_SIZE, "bytes"),
    TRUSTSTORE("ssl.truststore", "TrustStore", Kind.FILE, "the JVM's", "trust store instead of the JVM's"),
    TRUSTSTORE_PASSWORD("ssl.truststore.password", "TrustStorePassword", Kind.SECRET, "—", "its password"),
    STRICT("strict", "Strict", Kind.BOOLEAN, "`false`",
            "an unknown mail.graph.* key is an error instead of a warning"),
    AUTH("auth", "Auth", Kind.TEXT, "`application`",
            "application (client credentials) or delegated (a user signed in once with graphmail authorize)"),
    TOKEN_CACHE("tokencache", "TokenCache", Kind.TEXT, "—",
            "delegated: the encrypted token cache file graphmail authorize writes"),
    TOKEN_CACHE_PASSWORD("tokencache.password", "TokenCachePassword", Kind.SECRET, "—",
            "the token cache's password, or env:NAME to read it from an environment variable"),
    SUBMIT("submit", "Submit", Kind.TEXT, "`graph`", "graph, or smtp (Exchange Online SMTP AUTH with XOAUTH2)"),
    SMTP_HOST("smtp.host", "SmtpHost", Kind.TEXT, "per cloud", "SMTP submission host (submit=smtp)"),
    SMTP_PORT("smtp.port", "SmtpPort", Kind.NUMBER, "`587`", "SMTP submission port, STARTTLS (submit=smtp)", 1,
            65535, "port"),
    OUTBOX("outbox", "Outbox", Kind.TEXT, "—", "DataSource JNDI name or jdbc: URL of the outbox"),
    OUTBOX_USER("outbox.user", "OutboxUser", Kind.TEXT, "—", "outbox database user (jdbc: URL)"),
    OUTBOX_PASSWORD("outbox.password", "OutboxPassword", Kind.SECRET, "—", "outbox database password (jdbc: URL)"),
    OUTBOX_TABLE("outbox.table", "OutboxTable", Kind.TEXT, "`GRAPHMAIL_OUTBOX`", "outbox table name"),
    OUTBOX_MAXAGE("outbox.maxage", "OutboxMaxAge", Kind.DURATION, "`3d`", "a message older than this is failed"),
    OUTBOX_KEEP("outbox.keep", "OutboxKeep", Kind.DURATION, "`7d`", "how long sent rows are kept");

    /** What a value is, which decides how it is read and whether it may be shown. */
    public enum Kind { TEXT, SECRET, FILE, URL, BOOLEAN, NUMBER, DURATION }

    public static final String PREFIX = "mail.graph.";

    private static final Map<String, Setting> BY_PROPERTY = new java.util.HashMap<>();

    static {
        for (Setting s : values()) {
            BY_PROPERTY.put(s.property, s);
        }
    }

    private final String property;
    private final String bean;
    private final Kind kind;
    private final String documentedDefault;
    private final String meaning;
    private final long min;
    private final long max;
    private final String unit;

    Setting(String suffix, String bean, Kind kind, String documentedDefault, String meaning) {
        this(suffix, bean, kind, documentedDefault, meaning, 0, 0, null);
    }

    Setting(String suffix, String bean, Kind kind, String documentedDefault, String meaning, long min, long max,
            String unit) {
        this.property = PREFIX + suffix;
        this.bean = bean;
        this.kind = kind;
        this.documentedDefault = documentedDefault;
        this.meaning = meaning;
        this.min = min;
        this.max = max;
        this.unit = unit;
    }

    /** The session property, e.g. {@code mail.graph.tenant}. */
    public String property() { return property; }
    /** The resource adapter's JavaBean property, e.g. {@code TenantId}. */
    public String bean() { return bean; }
    public Kind kind() { return kind; }
    /** Whether the value is a secret: never logged, shown or put in a message. */
    public boolean secret() { return kind == Kind.SECRET; }
    /** The default as README.md and the admin guide state it (the docs' cell contains this text). */
    public String documentedDefault() { return documentedDefault; }
    public String meaning() { return meaning; }
    public long min() { return min; }
    public long max() { return max; }
    public String unit() { return unit; }

    @Override
    public String toString() {
        return property;
    }

    /** The setting of this session property, if graphmail has one. */
    public static Optional<Setting> forProperty(String name) {
        return Optional.ofNullable(BY_PROPERTY.get(name.toLowerCase(Locale.ROOT)));
    }
}
