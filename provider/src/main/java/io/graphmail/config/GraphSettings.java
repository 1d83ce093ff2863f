package io.graphmail.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The validated, immutable configuration of one graph sender, read from Jakarta Mail session properties
 * ({@code mail.graph.*}, every public name is a row of {@link Setting}).
 *
 * <p>Two settings objects are equal when every value is equal (secrets included), so that all sessions and threads
 * that share a configuration share one token cache and one set of mailbox limits. {@link #toString()} never shows a
 * secret.
 */
public final class GraphSettings {

    public static final String PREFIX = Setting.PREFIX;
    public static final String TENANT = Setting.TENANT.property();
    public static final String CLIENT_ID = Setting.CLIENT_ID.property();
    public static final String CLIENT_SECRET = Setting.CLIENT_SECRET.property();
    public static final String CERTIFICATE = Setting.CERTIFICATE.property();
    public static final String CERTIFICATE_PASSWORD = Setting.CERTIFICATE_PASSWORD.property();
    public static final String ASSERTION_FILE = Setting.ASSERTION_FILE.property();
    public static final String USER = Setting.USER.property();
    public static final String MAIL_USER = "mail.user";
    public static final String FROM_ALLOWED = Setting.FROM_ALLOWED.property();
    public static final String CLOUD = Setting.CLOUD.property();
    public static final String AUTHORITY = Setting.AUTHORITY.property();
    public static final String ENDPOINT = Setting.ENDPOINT.property();
    public static final String SCOPE = Setting.SCOPE.property();
    public static final String SAVE_TO_SENT_ITEMS = Setting.SAVE_TO_SENT_ITEMS.property();
    public static final String CONNECTION_TIMEOUT = Setting.CONNECTION_TIMEOUT.property();
    public static final String TIMEOUT = Setting.TIMEOUT.property();
    public static final String RETRIES = Setting.RETRIES.property();
    public static final String CONCURRENCY = Setting.CONCURRENCY.property();
    public static final String MAX_SIZE = Setting.MAX_SIZE.property();
    public static final String TRUSTSTORE = Setting.TRUSTSTORE.property();
    public static final String TRUSTSTORE_PASSWORD = Setting.TRUSTSTORE_PASSWORD.property();
    public static final String STRICT = Setting.STRICT.property();
    public static final String OUTBOX = Setting.OUTBOX.property();

    /** Exchange Online's default message size limit; admins may raise it to 150 MB. */
    public static final long DEFAULT_MAX_SIZE = 35L * 1024 * 1024;
    public static final long LARGEST_MAX_SIZE = 150L * 1024 * 1024;

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");

    private final String tenant;
    private final String clientId;
    private final String clientSecret;
    private final Path certificate;
    private final String certificatePassword;
    private final Path assertionFile;
    private final String user;
    private final FromPolicy fromAllowed;
    private final Cloud cloud;
    private final URI authority;
    private final URI endpoint;
    private final String scope;
    private final boolean scopeDerived;
    private final boolean saveToSentItems;
    private final int connectionTimeoutMillis;
    private final int timeoutMillis;
    private final int retries;
    private final int concurrency;
    private final long maxSize;
    private final Path truststore;
    private final String truststorePassword;
    private final OutboxSettings outbox;
    private final SignIn signIn;

    private GraphSettings(Reader r) {
        UnknownKeys.check(r.props, r.bool(Setting.STRICT, false));
        tenant = tenant(r.required(TENANT, "your directory (tenant) ID, shown on the app registration's Overview page"));
        clientId = guid(CLIENT_ID, r.required(CLIENT_ID, "the application (client) ID, shown on the app registration's Overview page"));
        clientSecret = r.optional(CLIENT_SECRET);
        certificate = r.file(CERTIFICATE);
        certificatePassword = r.optional(CERTIFICATE_PASSWORD);
        assertionFile = r.file(ASSERTION_FILE);
        int credentials = (clientSecret != null ? 1 : 0) + (certificate != null ? 1 : 0) + (assertionFile != null ? 1 : 0);
        if (credentials > 1) {
            throw new InvalidSettingException(clientSecret != null ? CLIENT_SECRET : CERTIFICATE,
                    "set only one of " + CLIENT_SECRET + ", " + CERTIFICATE + " and " + ASSERTION_FILE
                            + ": graphmail would not know which credential the app registration expects");
        }
        if (certificatePassword != null && certificate == null) {
            throw new InvalidSettingException(CERTIFICATE_PASSWORD, CERTIFICATE_PASSWORD + " is set but "
                    + CERTIFICATE + " is not: name the PKCS#12 or PEM file that holds the certificate and its private key");
        }
        String u = r.optional(USER);
        user = u != null ? u : r.optional(MAIL_USER);
        fromAllowed = FromPolicy.parse(FROM_ALLOWED, r.optional(FROM_ALLOWED));
        String c = r.optional(CLOUD);
        cloud = c == null ? Cloud.GLOBAL : Cloud.parse(c);
        authority = url(AUTHORITY, r.optional(AUTHORITY), cloud.authority(), false);
        endpoint = url(ENDPOINT, r.optional(ENDPOINT), cloud.graph(), true);
        String s = r.optional(SCOPE);
        saveToSentItems = r.bool(Setting.SAVE_TO_SENT_ITEMS, true);
        signIn = SignIn.read(x -> r.optional(x.property()), cloud, s != null, saveToSentItems, r::number);
        scopeDerived = s == null;
        scope = s != null ? s : signIn.defaultScope(endpoint);
        connectionTimeoutMillis = (int) r.number(Setting.CONNECTION_TIMEOUT, 10_000);
        timeoutMillis = (int) r.number(Setting.TIMEOUT, 60_000);
        retries = (int) r.number(Setting.RETRIES, 4);
        concurrency = (int) r.number(Setting.CONCURRENCY, 4);
        maxSize = r.number(Setting.MAX_SIZE, DEFAULT_MAX_SIZE);
        truststore = r.file(TRUSTSTORE);
        truststorePassword = r.optional(TRUSTSTORE_PASSWORD);
        String db = r.optional(OUTBOX);
        if (db == null) {
            for (Setting s2 : new Setting[]{Setting.OUTBOX_USER, Setting.OUTBOX_PASSWORD, Setting.OUTBOX_TABLE,
                    Setting.OUTBOX_MAXAGE, Setting.OUTBOX_KEEP}) {
                if (r.optional(s2.property()) != null) {
                    throw new InvalidSettingException(s2.property(), s2.property() + " is set but " + OUTBOX
                            + " is not: name the outbox's database (a jdbc: URL or a DataSource's JNDI name), or"
                            + " remove " + s2.property());
                }
            }
        }
        outbox = db == null ? null : new OutboxSettings(db, r.optional(Setting.OUTBOX_USER.property()),
                r.optional(Setting.OUTBOX_PASSWORD.property()), r.identifier(Setting.OUTBOX_TABLE, "GRAPHMAIL_OUTBOX"),
                r.duration(Setting.OUTBOX_MAXAGE, java.time.Duration.ofDays(3)),
                r.duration(Setting.OUTBOX_KEEP, java.time.Duration.ofDays(7)));
    }

    private GraphSettings(GraphSettings base, String secret) {
        tenant = base.tenant;
        clientId = base.clientId;
        clientSecret = secret;
        certificate = base.certificate;
        certificatePassword = base.certificatePassword;
        assertionFile = base.assertionFile;
        user = base.user;
        fromAllowed = base.fromAllowed;
        cloud = base.cloud;
        authority = base.authority;
        endpoint = base.endpoint;
        scope = base.scope;
        scopeDerived = base.scopeDerived;
        saveToSentItems = base.saveToSentItems;
        connectionTimeoutMillis = base.connectionTimeoutMillis;
        timeoutMillis = base.timeoutMillis;
        retries = base.retries;
        concurrency = base.concurrency;
        maxSize = base.maxSize;
        truststore = base.truststore;
        truststorePassword = base.truststorePassword;
        outbox = base.outbox;
        signIn = base.signIn;
    }

    /**
     * Reads and validates {@code mail.graph.*} from session properties.
     *
     * @throws InvalidSettingException naming the first property that is missing or malformed
     */
    public static GraphSettings from(Properties properties) {
        return new GraphSettings(new Reader(properties));
    }

    /**
     * The {@code mail.graph.*} keys graphmail does not know, each with the closest known name: what
     * {@code mail.graph.strict} would refuse.
     */
    public static java.util.List<String> unknownKeys(Properties properties) {
        return UnknownKeys.describe(properties);
    }

    /** True when a credential (secret, certificate or assertion file) is configured. */
    public boolean hasCredential() {
        return clientSecret != null || certificate != null || assertionFile != null;
    }

    /**
     * True when a client secret must still come from {@code connect()} or the Authenticator: application sign-in
     * without a configured credential. A delegated sign-in without one is a public client and needs none.
     */
    public boolean needsClientSecret() {
        return !hasCredential() && signIn.auth() == Auth.APPLICATION;
    }

    /** The same settings with the client secret given to {@code connect()} or by the Authenticator. */
    public GraphSettings withClientSecret(String secret) {
        return new GraphSettings(this, Objects.requireNonNull(secret, "secret"));
    }

    public String tenant() { return tenant; }
    public String clientId() { return clientId; }
    /** The client secret value, or null. Never log it. */
    public String clientSecret() { return clientSecret; }
    public Path certificate() { return certificate; }
    /** The certificate file's password, or null. Never log it. */
    public String certificatePassword() { return certificatePassword; }
    public Path assertionFile() { return assertionFile; }
    /** The mailbox to send through, or null to use the message's From address. */
    public String user() { return user; }
    public FromPolicy fromAllowed() { return fromAllowed; }
    public Cloud cloud() { return cloud; }
    public URI authority() { return authority; }
    public URI endpoint() { return endpoint; }
    public String scope() { return scope; }
    /** Whether the scope was made from the endpoint ({@code mail.graph.scope} not set). */
    public boolean scopeDerived() { return scopeDerived; }
    /**
     * Whether Graph keeps a copy in the sending mailbox's Sent Items ({@value #SAVE_TO_SENT_ITEMS}, default true).
     * {@code false} sends every message as Graph's JSON sendMail with {@code saveToSentItems:false}, the only form
     * that can skip the copy: one request of at most 4 MB, without upload sessions; subject, body, recipients,
     * attachments, importance and up to five {@code x-} headers are kept, other header fields are not, and signed or
     * encrypted messages are refused (docs/large-messages.md).
     */
    public boolean saveToSentItems() { return saveToSentItems; }
    public int connectionTimeoutMillis() { return connectionTimeoutMillis; }
    public int timeoutMillis() { return timeoutMillis; }
    public int retries() { return retries; }
    public int concurrency() { return concurrency; }
    public long maxSize() { return maxSize; }
    public Path truststore() { return truststore; }
    /** The truststore's password, or null. Never log it. */
    public String truststorePassword() { return truststorePassword; }
    /** The outbox, or null when sends go to Graph at once. */
    public OutboxSettings outbox() { return outbox; }
    /** How graphmail signs in ({@code mail.graph.auth}) and which wire it submits on ({@code mail.graph.submit}). */
    public SignIn signIn() { return signIn; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof GraphSettings)) return false;
        GraphSettings g = (GraphSettings) o;
        return saveToSentItems == g.saveToSentItems && connectionTimeoutMillis == g.connectionTimeoutMillis
                && timeoutMillis == g.timeoutMillis && retries == g.retries && concurrency == g.concurrency
                && maxSize == g.maxSize && tenant.equals(g.tenant) && clientId.equals(g.clientId)
                && Objects.equals(clientSecret, g.clientSecret) && Objects.equals(certificate, g.certificate)
                && Objects.equals(certificatePassword, g.certificatePassword)
                && Objects.equals(assertionFile, g.assertionFile) && Objects.equals(user, g.user)
                && fromAllowed.equals(g.fromAllowed) && cloud == g.cloud && authority.equals(g.authority)
                && endpoint.equals(g.endpoint) && scope.equals(g.scope) && Objects.equals(truststore, g.truststore)
                && Objects.equals(truststorePassword, g.truststorePassword) && Objects.equals(outbox, g.outbox)
                && signIn.equals(g.signIn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, clientId, clientSecret, certificate, assertionFile, user, authority, endpoint,
                scope, saveToSentItems, retries, concurrency, maxSize, truststore);
    }

    @Override
    public String toString() {
        String credential = clientSecret != null ? "secret" : certificate != null ? "certificate " + certificate
                : assertionFile != null ? "assertion file " + assertionFile : "none";
        return "GraphSettings[tenant=" + tenant + ", clientId=" + clientId + ", credential=" + credential
                + ", user=" + user + ", cloud=" + cloud.propertyValue() + ", authority=" + authority
                + ", endpoint=" + endpoint + ", scope=" + scope + ", saveToSentItems=" + saveToSentItems
                + ", retries=" + retries + ", concurrency=" + concurrency + ", maxSize=" + maxSize
                + ", " + signIn + (outbox == null ? "" : ", " + outbox) + "]";
    }

    private static String tenant(String value) {
        String v = value.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("common") || lower.equals("organizations") || lower.equals("consumers")) {
            throw new InvalidSettingException(TENANT, TENANT + "=" + v + " cannot be used to send as an application:"
                    + " set your directory (tenant) ID or a verified domain such as contoso.onmicrosoft.com");
        }
        if (!GUID.matcher(v).matches() && !DOMAIN.matcher(v).matches()) {
            throw new InvalidSettingException(TENANT, TENANT + "=" + v + " is neither a directory (tenant) ID"
                    + " (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47) nor a domain name");
        }
        return v;
    }

    private static String guid(String property, String value) {
        String v = value.trim();
        if (!GUID.matcher(v).matches()) {
            throw new InvalidSettingException(property, property + "=" + v + " is not an application (client) ID:"
                    + " copy the GUID shown as 'Application (client) ID' on the app registration's Overview page");
        }
        return v;
    }

    /** An https URL, or plain http to a loopback address (a local stand-in); no trailing slash. */
    private static URI url(String property, String value, String fallback, boolean httpOnLoopback) {
        String v = value == null ? fallback : value.trim();
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (Exception e) {
            throw new InvalidSettingException(property, property + "=" + v + " is not a URL: expected e.g. " + fallback);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new InvalidSettingException(property, property + "=" + v + " is not an https URL: expected e.g. " + fallback);
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            String base = scheme + "://" + uri.getRawAuthority();
            throw new InvalidSettingException(property, property + "=" + v + " has a path (" + uri.getRawPath()
                    + "): set the base URL only, " + property + "=" + base + (httpOnLoopback
                    ? " (graphmail adds /v1.0 and the rest of each request's path itself)"
                    : " (the tenant comes from " + TENANT + ", and graphmail adds /oauth2/v2.0/token itself)"));
        }
        if (uri.getRawQuery() != null) {
            throw new InvalidSettingException(property, property + "=" + v + " has a query (?" + uri.getRawQuery()
                    + "): set the base URL only, e.g. " + fallback);
        }
        if (scheme.equals("http") && !(httpOnLoopback && Loopback.is(uri.getHost()))) {
            throw new InvalidSettingException(property, property + "=" + v + " uses plain http: credentials and mail"
                    + " may only leave this machine over https" + (httpOnLoopback ? " (http is allowed for 127.0.0.1, ::1 and localhost only)" : ""));
        }
        return uri;
    }

    /**
     * Reads raw property values as Angus Mail does: a String, or another object (an Integer, a Boolean put into the
     * Properties by code) taken by its text; empty strings count as unset.
     */
    private static final class Reader {
        private final Properties props;

        Reader(Properties props) {
            this.props = props;
        }

        String optional(String name) {
            Object o = props.get(name);
            String v = o != null ? o.toString() : props.getProperty(name);   // getProperty: the defaults chain
            return v == null || v.isBlank() ? null : v.trim();
        }

        String required(String name, String what) {
            String v = optional(name);
            if (v == null) {
                throw new InvalidSettingException(name, name + " is missing: set it to " + what);
            }
            return v;
        }

        Path file(String name) {
            String v = optional(name);
            if (v == null) {
                return null;
            }
            Path p = Path.of(v);
            if (!Files.isReadable(p)) {
                throw new InvalidSettingException(name, name + "=" + v + ": no readable file at that path"
                        + " (relative paths are resolved against " + Path.of("").toAbsolutePath() + ")");
            }
            return p.toAbsolutePath();
        }

        boolean bool(Setting setting, boolean dflt) {
            String name = setting.property();
            String v = optional(name);
            if (v == null) {
                return dflt;
            }
            if (v.equalsIgnoreCase("true")) return true;
            if (v.equalsIgnoreCase("false")) return false;
            throw new InvalidSettingException(name, name + "=" + v + " is not a boolean: use true or false");
        }

        /** A table name: letters, digits and underscores, so that it can go into SQL as it is. */
        String identifier(Setting setting, String dflt) {
            String v = optional(setting.property());
            if (v == null) return dflt;
            if (!v.matches("[A-Za-z][A-Za-z0-9_]{0,29}")) {
                throw new InvalidSettingException(setting.property(), setting.property() + "=" + v + " is not a table"
                        + " name graphmail can use: a letter, then up to 29 letters, digits or underscores");
            }
            return v;
        }

        /** {@code 3d}, {@code 12h}, {@code 90m}, {@code 30s} or an ISO-8601 duration ({@code P3D}, {@code PT12H}). */
        java.time.Duration duration(Setting setting, java.time.Duration dflt) {
            String name = setting.property();
            String v = optional(name);
            if (v == null) return dflt;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})\\s*([smhd])").matcher(v.toLowerCase(Locale.ROOT));
            try {
                java.time.Duration d;
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    d = switch (m.group(2)) {
                        case "s" -> java.time.Duration.ofSeconds(n);
                        case "m" -> java.time.Duration.ofMinutes(n);
                        case "h" -> java.time.Duration.ofHours(n);
                        default -> java.time.Duration.ofDays(n);
                    };
                } else {
                    d = java.time.Duration.parse(v.toUpperCase(Locale.ROOT));
                }
                if (d.isNegative() || d.isZero()) throw new java.time.format.DateTimeParseException("", v, 0);
                return d;
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidSettingException(name, name + "=" + v + " is not a duration: use e.g. 3d, 12h, 90m or"
                        + " an ISO-8601 duration such as P3D");
            }
        }

        long number(Setting setting, long dflt) {
            String name = setting.property();
            String v = optional(name);
            if (v == null) {
                return dflt;
            }
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(name, name + "=" + v + " is not a whole number of " + setting.unit());
            }
            if (n < setting.min() || n > setting.max()) {
                throw new InvalidSettingException(name, name + "=" + v + " is out of range: use " + setting.min()
                        + " to " + setting.max() + " " + setting.unit());
            }
            return n;
        }
    }
}
