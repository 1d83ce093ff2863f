package io.graphmail.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How graphmail signs in and which wire it submits on: {@code mail.graph.auth}, {@code mail.graph.tokencache},
 * {@code mail.graph.submit} and the SMTP endpoint, validated together because each decides what the others mean
 * (the default scope above all). {@link #toString()} never shows the token cache's password.
 */
public final class SignIn {

    /** Exchange Online's SMTP AUTH submission endpoint in the global cloud (docs/admin-guide.md, SMTP). */
    public static final String GLOBAL_SMTP_HOST = "smtp.office365.com";
    /** The app-only SMTP audience in the global cloud: tokens for it carry the SMTP.SendAsApp role. */
    public static final String GLOBAL_SMTP_APP_SCOPE = "https://outlook.office365.com/.default";
    /** The delegated SMTP permission in the global cloud. */
    public static final String GLOBAL_SMTP_USER_SCOPE = "https://outlook.office.com/SMTP.Send";
    public static final int DEFAULT_SMTP_PORT = 587;

    private final Auth auth;
    private final Path tokenCache;
    private final String tokenCachePassword;
    private final Submit submit;
    private final String smtpHost;
    private final int smtpPort;

    SignIn(Auth auth, Path tokenCache, String tokenCachePassword, Submit submit, String smtpHost, int smtpPort) {
        this.auth = auth;
        this.tokenCache = tokenCache;
        this.tokenCachePassword = tokenCachePassword;
        this.submit = submit;
        this.smtpHost = smtpHost;
        this.smtpPort = smtpPort;
    }

    /**
     * Reads and checks the sign-in and wire settings.
     *
     * @param raw      the raw value of a property, or null when unset
     * @param cloud    the configured cloud, which decides the SMTP host
     * @param scopeSet whether {@code mail.graph.scope} is set
     */
    static SignIn read(java.util.function.Function<Setting, String> raw, Cloud cloud, boolean scopeSet,
                       boolean saveToSentItems, java.util.function.ToLongBiFunction<Setting, Long> number) {
        String a = raw.apply(Setting.AUTH);
        // Jakarta Mail's own mail.<protocol>.auth is a boolean that servers set on every session they define
        // (Payara, GlassFish, WildFly): true or false there says nothing about how graphmail signs in
        boolean serverFlag = a != null && (a.equalsIgnoreCase("true") || a.equalsIgnoreCase("false"));
        Auth auth = a == null || serverFlag ? Auth.APPLICATION : Auth.parse(a);
        String cache = raw.apply(Setting.TOKEN_CACHE);
        String password = raw.apply(Setting.TOKEN_CACHE_PASSWORD);
        if (auth == Auth.DELEGATED && cache == null) {
            throw new InvalidSettingException(Setting.TOKEN_CACHE.property(), Setting.TOKEN_CACHE + " is missing: "
                    + Setting.AUTH + "=delegated sends as a user who signed in once; name the file that keeps that"
                    + " sign-in (graphmail authorize --config <your properties> creates it)");
        }
        if (auth == Auth.APPLICATION) {
            for (Setting s : new Setting[]{Setting.TOKEN_CACHE, Setting.TOKEN_CACHE_PASSWORD}) {
                if (raw.apply(s) != null) {
                    throw new InvalidSettingException(s.property(), s + " is set but " + Setting.AUTH + " is not"
                            + " delegated: set " + Setting.AUTH + "=delegated to send as a signed-in user, or remove " + s);
                }
            }
        }
        Path cachePath = cache == null ? null : Path.of(cache).toAbsolutePath();
        if (cachePath != null && password == null) {
            throw new InvalidSettingException(Setting.TOKEN_CACHE_PASSWORD.property(), Setting.TOKEN_CACHE_PASSWORD
                    + " is missing: the token cache is encrypted with a key made from it; set it, or env:NAME to"
                    + " read it from the environment variable NAME");
        }
        String s = raw.apply(Setting.SUBMIT);
        Submit submit = s == null ? Submit.GRAPH : Submit.parse(s);
        String host = raw.apply(Setting.SMTP_HOST);
        if (submit == Submit.GRAPH) {
            for (Setting x : new Setting[]{Setting.SMTP_HOST, Setting.SMTP_PORT}) {
                if (raw.apply(x) != null) {
                    throw new InvalidSettingException(x.property(), x + " is set but " + Setting.SUBMIT + " is not"
                            + " smtp: set " + Setting.SUBMIT + "=smtp to submit through Exchange Online's SMTP"
                            + " endpoint, or remove " + x);
                }
            }
        } else {
            if (!saveToSentItems) {
                throw new InvalidSettingException(Setting.SAVE_TO_SENT_ITEMS.property(), Setting.SAVE_TO_SENT_ITEMS
                        + "=false cannot be honoured with " + Setting.SUBMIT + "=smtp: only Graph's JSON sendMail"
                        + " can skip the copy in Sent Items; remove one of the two");
            }
            if (cloud != Cloud.GLOBAL && (host == null || !scopeSet)) {
                Setting missing = host == null ? Setting.SMTP_HOST : Setting.SCOPE;
                throw new InvalidSettingException(missing.property(), missing + " is missing: graphmail knows the"
                        + " SMTP endpoint and its token audience of the global cloud only; in the "
                        + cloud.propertyValue() + " cloud set " + Setting.SMTP_HOST + " and " + Setting.SCOPE
                        + " to the values Microsoft documents for it");
            }
            if (host != null && !GraphSettings.DOMAIN.matcher(host).matches() && !Loopback.is(host)) {
                throw new InvalidSettingException(Setting.SMTP_HOST.property(), Setting.SMTP_HOST + "=" + host
                        + " is not a host name: give the host only, e.g. " + GLOBAL_SMTP_HOST + " (the port goes in "
                        + Setting.SMTP_PORT + ")");
            }
        }
        int port = (int) number.applyAsLong(Setting.SMTP_PORT, (long) DEFAULT_SMTP_PORT);
        return new SignIn(auth, cachePath, password == null ? null : resolve(password), submit,
                host != null ? host : submit == Submit.SMTP ? GLOBAL_SMTP_HOST : null, port);
    }

    /** {@code env:NAME} reads the environment variable NAME, so the password need not be written in a file. */
    private static String resolve(String password) {
        if (!password.startsWith("env:")) return password;
        String name = password.substring(4).trim();
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new InvalidSettingException(Setting.TOKEN_CACHE_PASSWORD.property(), Setting.TOKEN_CACHE_PASSWORD
                    + "=env:" + name + " names the environment variable " + name + ", which is not set in this"
                    + " process: set it before the JVM starts, or give the password itself");
        }
        return value;
    }

    /** The scope when {@code mail.graph.scope} is not set: what the wire and the sign-in mode need. */
    String defaultScope(URI graphEndpoint) {
        if (submit == Submit.SMTP) {
            return auth == Auth.DELEGATED ? GLOBAL_SMTP_USER_SCOPE : GLOBAL_SMTP_APP_SCOPE;
        }
        return graphEndpoint + (auth == Auth.DELEGATED ? "/Mail.Send" : "/.default");
    }

    public Auth auth() { return auth; }
    /** The delegated token cache file, or null. */
    public Path tokenCache() { return tokenCache; }
    /** The token cache's password (an {@code env:} reference already read), or null. Never log it. */
    public String tokenCachePassword() { return tokenCachePassword; }
    public Submit submit() { return submit; }
    /** The SMTP submission host, or null with {@link Submit#GRAPH}. */
    public String smtpHost() { return smtpHost; }
    public int smtpPort() { return smtpPort; }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignIn x && auth == x.auth && Objects.equals(tokenCache, x.tokenCache)
                && Objects.equals(tokenCachePassword, x.tokenCachePassword) && submit == x.submit
                && Objects.equals(smtpHost, x.smtpHost) && smtpPort == x.smtpPort;
    }

    @Override
    public int hashCode() {
        return Objects.hash(auth, tokenCache, submit, smtpHost, smtpPort);
    }

    @Override
    public String toString() {
        return "auth=" + auth.propertyValue() + (tokenCache == null ? "" : ", tokenCache=" + tokenCache)
                + ", submit=" + submit.propertyValue() + (submit == Submit.SMTP ? ", smtp=" + smtpHost + ":" + smtpPort : "");
    }
}
