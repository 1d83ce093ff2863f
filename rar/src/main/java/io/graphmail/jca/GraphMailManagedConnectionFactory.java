package io.graphmail.jca;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
import io.graphmail.config.GraphSettings;
import io.graphmail.config.InvalidSettingException;
import io.graphmail.config.Setting;
import io.graphmail.engine.Mailer;
import io.graphmail.engine.MailerRegistry;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * One graph configuration in the application server: the pool the server keeps for it, and the factory applications
 * look up in JNDI. Each JavaBean property maps onto one {@code mail.graph.*} session property (a row of the provider's {@link Setting} table); the
 * settings are validated by the provider, so an error names both the property here and the session property.
 */
@ConnectionDefinition(connectionFactory = GraphMailConnectionFactory.class,
        connectionFactoryImpl = GraphMailConnectionFactoryImpl.class,
        connection = GraphMailConnection.class,
        connectionImpl = GraphMailConnectionHandle.class)
public class GraphMailManagedConnectionFactory
        implements ManagedConnectionFactory, ResourceAdapterAssociation, ValidatingManagedConnectionFactory, Serializable {

    private static final long serialVersionUID = 1L;

    private transient ResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    /** The validated settings; throws naming the property at fault. */
    GraphSettings settings() throws ResourceException {
        try {
            return GraphSettings.from(sessionProperties());
        } catch (InvalidSettingException e) {
            String bean = Setting.forProperty(e.property()).map(Setting::bean).orElse(null);
            InvalidPropertyException ipe = new InvalidPropertyException("graphmail resource adapter: "
                    + (bean != null ? "property " + bean + " (" + e.property() + "): " : "") + e.getMessage(), e);
            throw ipe;
        }
    }

    /**
     * This factory's send engine: the same token cache and limits as every Session with these settings. The factory
     * holds it for as long as the factory lives; when the server drops the factory (a changed configuration, a
     * redeployment), the resource adapter notices and returns the engine to the registry, which closes it once unused.
     */
    Mailer mailer() throws ResourceException {
        GraphSettings settings = settings();
        try {
            return engine().hold(settings);
        } catch (IOException | IllegalArgumentException e) {
            throw new ResourceException("graphmail resource adapter: " + e.getMessage(), e);
        }
    }

    /** This factory's configuration checked as graphmail doctor checks it; never throws, never shows a secret. */
    io.graphmail.api.Verification verify() {
        io.graphmail.check.CheckReport report = new io.graphmail.check.CheckReport(null);
        try {
            GraphSettings settings = settings();
            io.graphmail.check.Checkup.run(settings, GraphSettings.unknownKeys(sessionProperties()), report);
        } catch (ResourceException e) {
            report.fail(io.graphmail.engine.FailureKind.CONFIGURATION, "settings: " + e.getMessage());
        }
        return new io.graphmail.api.Verification(report.lines(), report.ready());
    }

    /** The holder of this factory's engine, which outlives the factory so that its engine can be given back. */
    synchronized EngineHold engine() {
        if (engine == null) {
            engine = new EngineHold();
        }
        return engine;
    }

    private transient EngineHold engine;   // guarded by this

    @Override
    public Object createConnectionFactory(ConnectionManager cm) throws ResourceException {
        settings();  // a bad configuration fails here, at deployment or first lookup, not deep in a pool
        return new GraphMailConnectionFactoryImpl(this, cm);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        return createConnectionFactory(new UnpooledConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        return new GraphMailManagedConnection(this, mailer());
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public ManagedConnection matchManagedConnections(Set connections, Subject subject, ConnectionRequestInfo info) {
        // all connections of one factory share its configuration; any healthy one serves any request
        for (Object o : connections) {
            if (o instanceof GraphMailManagedConnection) {
                GraphMailManagedConnection mc = (GraphMailManagedConnection) o;
                if (mc.factory().equals(this) && !mc.isBroken()) {
                    return mc;
                }
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Set getInvalidConnections(Set connections) {
        Set invalid = new HashSet<>();
        for (Object o : connections) {
            if (o instanceof GraphMailManagedConnection && !((GraphMailManagedConnection) o).isValid()) {
                invalid.add(o);
            }
        }
        return invalid;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
        if (ra instanceof GraphMailResourceAdapter) {
            ((GraphMailResourceAdapter) ra).register(this);
        }
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    // ---- configuration: one JavaBean property per row of the provider's Setting table ----

    private String tenantId;
    private String clientId;
    private String clientSecret;
    private String certificatePath;
    private String certificatePassword;
    private String assertionFile;
    private String mailbox;
    private String allowedFrom;
    private String cloud;
    private String authorityUrl;
    private String graphUrl;
    private String scope;
    private Boolean saveToSentItems;
    private Integer connectTimeout;
    private Integer readTimeout;
    private Integer retries;
    private Integer concurrency;
    private Long maxSize;
    private String trustStore;
    private String trustStorePassword;

    @ConfigProperty(description = "Directory (tenant) ID or verified domain (mail.graph.tenant)")
    public void setTenantId(String value) {
        this.tenantId = value;
    }

    public String getTenantId() {
        return tenantId;
    }

    @ConfigProperty(description = "Application (client) ID (mail.graph.client.id)")
    public void setClientId(String value) {
        this.clientId = value;
    }

    public String getClientId() {
        return clientId;
    }

    @ConfigProperty(description = "Client secret value (not its Secret ID) (mail.graph.client.secret)", confidential = true)
    public void setClientSecret(String value) {
        this.clientSecret = value;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    @ConfigProperty(description = "PKCS#12 or PEM file with the certificate and its private key (mail.graph.client.certificate)")
    public void setCertificatePath(String value) {
        this.certificatePath = value;
    }

    public String getCertificatePath() {
        return certificatePath;
    }

    @ConfigProperty(description = "Password of the certificate file (mail.graph.client.certificate.password)", confidential = true)
    public void setCertificatePassword(String value) {
        this.certificatePassword = value;
    }

    public String getCertificatePassword() {
        return certificatePassword;
    }

    @ConfigProperty(description = "Federated token file (workload identity), read for every token request (mail.graph.client.assertion.file)")
    public void setAssertionFile(String value) {
        this.assertionFile = value;
    }

    public String getAssertionFile() {
        return assertionFile;
    }

    @ConfigProperty(description = "Mailbox to send through (UPN or object id); default: the From address (mail.graph.user)")
    public void setMailbox(String value) {
        this.mailbox = value;
    }

    public String getMailbox() {
        return mailbox;
    }

    @ConfigProperty(description = "Comma list of addresses or @domains a message may use as From (mail.graph.from.allowed)")
    public void setAllowedFrom(String value) {
        this.allowedFrom = value;
    }

    public String getAllowedFrom() {
        return allowedFrom;
    }

    @ConfigProperty(description = "global, usgov, usgovdod or china (mail.graph.cloud)", defaultValue = "global")
    public void setCloud(String value) {
        this.cloud = value;
    }

    public String getCloud() {
        return cloud;
    }

    @ConfigProperty(description = "Identity platform base URL (default: per cloud) (mail.graph.authority)")
    public void setAuthorityUrl(String value) {
        this.authorityUrl = value;
    }

    public String getAuthorityUrl() {
        return authorityUrl;
    }

    @ConfigProperty(description = "Microsoft Graph base URL without /v1.0 (default: per cloud) (mail.graph.endpoint)")
    public void setGraphUrl(String value) {
        this.graphUrl = value;
    }

    public String getGraphUrl() {
        return graphUrl;
    }

    @ConfigProperty(description = "Token scope (default: the Graph URL + /.default) (mail.graph.scope)")
    public void setScope(String value) {
        this.scope = value;
    }

    public String getScope() {
        return scope;
    }

    @ConfigProperty(description = "Keep a copy in Sent Items (mail.graph.savetosentitems)", defaultValue = "true")
    public void setSaveToSentItems(Boolean value) {
        this.saveToSentItems = value;
    }

    public Boolean getSaveToSentItems() {
        return saveToSentItems;
    }

    @ConfigProperty(description = "Connect timeout in milliseconds (mail.graph.connectiontimeout)", defaultValue = "10000")
    public void setConnectTimeout(Integer value) {
        this.connectTimeout = value;
    }

    public Integer getConnectTimeout() {
        return connectTimeout;
    }

    @ConfigProperty(description = "Timeout of one request in milliseconds (mail.graph.timeout)", defaultValue = "60000")
    public void setReadTimeout(Integer value) {
        this.readTimeout = value;
    }

    public Integer getReadTimeout() {
        return readTimeout;
    }

    @ConfigProperty(description = "Retries after 429 or 503 (Retry-After honoured) (mail.graph.retries)", defaultValue = "4")
    public void setRetries(Integer value) {
        this.retries = value;
    }

    public Integer getRetries() {
        return retries;
    }

    @ConfigProperty(description = "Requests in flight per mailbox (Exchange allows 4) (mail.graph.concurrency)", defaultValue = "4")
    public void setConcurrency(Integer value) {
        this.concurrency = value;
    }

    public Integer getConcurrency() {
        return concurrency;
    }

    @ConfigProperty(description = "Largest message accepted, in bytes (mail.graph.maxsize)", defaultValue = "36700160")
    public void setMaxSize(Long value) {
        this.maxSize = value;
    }

    public Long getMaxSize() {
        return maxSize;
    }

    @ConfigProperty(description = "PKCS#12 or JKS trust store instead of the JVM's (mail.graph.ssl.truststore)")
    public void setTrustStore(String value) {
        this.trustStore = value;
    }

    public String getTrustStore() {
        return trustStore;
    }

    @ConfigProperty(description = "Password of the trust store (mail.graph.ssl.truststore.password)", confidential = true)
    public void setTrustStorePassword(String value) {
        this.trustStorePassword = value;
    }

    public String getTrustStorePassword() {
        return trustStorePassword;
    }

    @ConfigProperty(description = "true: an unknown mail.graph.* property is an error, not a warning (mail.graph.strict)")
    public void setStrict(Boolean value) {
        this.strict = value;
    }

    public Boolean getStrict() {
        return strict;
    }

    private Boolean strict;

    @ConfigProperty(description = "application (client credentials) or delegated (a user signed in once with graphmail authorize) (mail.graph.auth)", defaultValue = "application")
    public void setAuth(String value) {
        this.auth = value;
    }

    public String getAuth() {
        return auth;
    }

    private String auth;

    @ConfigProperty(description = "Delegated: the encrypted token cache file written by graphmail authorize (mail.graph.tokencache)")
    public void setTokenCache(String value) {
        this.tokenCache = value;
    }

    public String getTokenCache() {
        return tokenCache;
    }

    private String tokenCache;

    @ConfigProperty(description = "Password of the token cache, or env:NAME (mail.graph.tokencache.password)", confidential = true)
    public void setTokenCachePassword(String value) {
        this.tokenCachePassword = value;
    }

    public String getTokenCachePassword() {
        return tokenCachePassword;
    }

    private String tokenCachePassword;

    @ConfigProperty(description = "graph, or smtp: Exchange Online SMTP AUTH with XOAUTH2 (mail.graph.submit)", defaultValue = "graph")
    public void setSubmit(String value) {
        this.submit = value;
    }

    public String getSubmit() {
        return submit;
    }

    private String submit;

    @ConfigProperty(description = "SMTP submission host when Submit=smtp; smtp.office365.com in the global cloud (mail.graph.smtp.host)")
    public void setSmtpHost(String value) {
        this.smtpHost = value;
    }

    public String getSmtpHost() {
        return smtpHost;
    }

    private String smtpHost;

    @ConfigProperty(description = "SMTP submission port, STARTTLS; 587 when not set (mail.graph.smtp.port)")
    public void setSmtpPort(Integer value) {
        this.smtpPort = value;
    }

    public Integer getSmtpPort() {
        return smtpPort;
    }

    private Integer smtpPort;

    @ConfigProperty(description = "JNDI name of the DataSource (or a jdbc: URL) whose table holds sends until they are delivered (mail.graph.outbox)")
    public void setOutbox(String value) {
        this.outbox = value;
    }

    public String getOutbox() {
        return outbox;
    }

    private String outbox;

    @ConfigProperty(description = "Outbox database user, for a jdbc: URL (mail.graph.outbox.user)")
    public void setOutboxUser(String value) {
        this.outboxUser = value;
    }

    public String getOutboxUser() {
        return outboxUser;
    }

    private String outboxUser;

    @ConfigProperty(description = "Outbox database password, for a jdbc: URL (mail.graph.outbox.password)", confidential = true)
    public void setOutboxPassword(String value) {
        this.outboxPassword = value;
    }

    public String getOutboxPassword() {
        return outboxPassword;
    }

    private String outboxPassword;

    @ConfigProperty(description = "Outbox table name (mail.graph.outbox.table)")
    public void setOutboxTable(String value) {
        this.outboxTable = value;
    }

    public String getOutboxTable() {
        return outboxTable;
    }

    private String outboxTable;

    @ConfigProperty(description = "A message not sent within this long is failed, e.g. 3d (mail.graph.outbox.maxage)")
    public void setOutboxMaxAge(String value) {
        this.outboxMaxAge = value;
    }

    public String getOutboxMaxAge() {
        return outboxMaxAge;
    }

    private String outboxMaxAge;

    @ConfigProperty(description = "How long sent rows are kept, e.g. 7d (mail.graph.outbox.keep)")
    public void setOutboxKeep(String value) {
        this.outboxKeep = value;
    }

    public String getOutboxKeep() {
        return outboxKeep;
    }

    private String outboxKeep;

    /**
     * The session properties these JavaBean properties stand for (secrets included: never log them): one per row of
     * the provider's property table ({@link Setting}), read through the getter its bean name gives.
     */
    Properties sessionProperties() {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "graph");
        p.setProperty("mail.transport.protocol.rfc822", "graph");
        for (Setting s : Setting.values()) {
            Object value = beanValue(s);
            if (value != null && !value.toString().isBlank()) {
                p.setProperty(s.property(), value.toString().trim());
            }
        }
        return p;
    }

    private Object beanValue(Setting s) {
        try {
            return getClass().getMethod("get" + s.bean()).invoke(this);
        } catch (ReflectiveOperationException e) {
            // a row of the table without its JavaBean property here: a build that the mapping test rejects
            throw new IllegalStateException("no JavaBean property " + s.bean() + " for " + s.property(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        if (other == null || other.getClass() != getClass()) return false;
        GraphMailManagedConnectionFactory o = (GraphMailManagedConnectionFactory) other;
        for (Setting s : Setting.values()) {
            if (!Objects.equals(beanValue(s), o.beanValue(s))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Setting s : Setting.values()) {
            if (!s.secret()) h = 31 * h + Objects.hashCode(beanValue(s));
        }
        return h;
    }
}
