package io.graphmail.sandbox;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An app registration (client) in a sandbox tenant: its credentials, the application permissions (app roles)
 * granted to it, and optionally an application access policy limiting the mailboxes it may use.
 */
public final class App {
    private final String clientId;
    private final String tenant;
    private final Map<String, String> secrets;          // value -> secret ID
    private final List<String> expiredSecrets;
    private final List<X509Certificate> certificates;
    private final List<String> roles;
    private final int tokenLifetimeSeconds;
    private final Set<String> allowedMailboxes;           // lower case; empty = no policy
    private final DelegatedApp delegated;

    private App(Builder b) {
        this.clientId = b.clientId;
        this.tenant = b.tenant;
        this.secrets = Map.copyOf(b.secrets);
        this.expiredSecrets = List.copyOf(b.expiredSecrets);
        this.certificates = List.copyOf(b.certificates);
        this.roles = List.copyOf(b.roles == null ? List.of("Mail.Send") : b.roles);
        this.tokenLifetimeSeconds = b.tokenLifetimeSeconds;
        this.allowedMailboxes = Set.copyOf(b.allowedMailboxes);
        this.delegated = b.delegated;
    }

    /**
     * @param clientId the application (client) ID
     * @return a builder with roles {@code Mail.Send} and a 3599 s token lifetime
     */
    public static Builder builder(String clientId) {
        return new Builder(clientId);
    }

    /** @return the application (client) ID */
    public String clientId() {
        return clientId;
    }

    /** @return the tenant the app is registered in, or null for the configuration's first tenant */
    public String tenant() {
        return tenant;
    }

    /** @return the valid secret values */
    public List<String> secrets() {
        return List.copyOf(secrets.keySet());
    }

    /** @return the secret IDs of the valid secrets (what users paste by mistake instead of the value) */
    public List<String> secretIds() {
        return List.copyOf(secrets.values());
    }

    /** @return the expired secret values */
    public List<String> expiredSecrets() {
        return expiredSecrets;
    }

    /** @return the registered certificates */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** @return the granted application permissions */
    public List<String> roles() {
        return roles;
    }

    /** @return lifetime of issued access tokens */
    public int tokenLifetimeSeconds() {
        return tokenLifetimeSeconds;
    }

    /** @return mailboxes an application access policy allows (lower case); empty when no policy applies */
    public Set<String> allowedMailboxes() {
        return allowedMailboxes;
    }

    /** @return what the app may do in delegated flows (public client flows, redirect URIs, delegated permissions) */
    public DelegatedApp delegated() {
        return delegated;
    }

    boolean mayAccess(String mailbox) {
        return allowedMailboxes.isEmpty() || allowedMailboxes.contains(mailbox.toLowerCase(Locale.ROOT));
    }

    /** Builder of {@link App}. */
    public static final class Builder {
        private final String clientId;
        private String tenant;
        private final Map<String, String> secrets = new LinkedHashMap<>();
        private final List<String> expiredSecrets = new ArrayList<>();
        private final List<X509Certificate> certificates = new ArrayList<>();
        private List<String> roles;
        private int tokenLifetimeSeconds = 3599;
        private final Set<String> allowedMailboxes = new LinkedHashSet<>();
        private DelegatedApp delegated = DelegatedApp.NONE;

        private Builder(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
        }

        /** @param tenantId tenant the app lives in (default: the configuration's first tenant) @return this */
        public Builder tenant(String tenantId) {
            this.tenant = tenantId;
            return this;
        }

        /** @param value a valid client secret value; a secret ID is generated for it @return this */
        public Builder secret(String value) {
            secrets.put(Objects.requireNonNull(value, "secret"), UUID.randomUUID().toString());
            return this;
        }

        /** @param value a secret value that has expired (AADSTS7000222) @return this */
        public Builder expiredSecret(String value) {
            expiredSecrets.add(Objects.requireNonNull(value, "expiredSecret"));
            return this;
        }

        /** @param certificate a certificate whose key may sign client assertions @return this */
        public Builder certificate(X509Certificate certificate) {
            certificates.add(Objects.requireNonNull(certificate, "certificate"));
            return this;
        }

        /** @param appRoles granted application permissions, replacing the default {@code Mail.Send} @return this */
        public Builder roles(String... appRoles) {
            this.roles = List.of(appRoles);
            return this;
        }

        /** @param seconds lifetime of issued access tokens @return this */
        public Builder tokenLifetimeSeconds(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("tokenLifetimeSeconds must be >= 0");
            }
            this.tokenLifetimeSeconds = seconds;
            return this;
        }

        /** @param mailboxes the only mailboxes this app may use (application access policy) @return this */
        public Builder allowedMailboxes(String... mailboxes) {
            for (String m : mailboxes) {
                allowedMailboxes.add(m.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** @param settings what the app may do in delegated flows (default: nothing) @return this */
        public Builder delegated(DelegatedApp settings) {
            this.delegated = Objects.requireNonNull(settings, "delegated");
            return this;
        }

        /** @return the app */
        public App build() {
            return new App(this);
        }
    }
}
