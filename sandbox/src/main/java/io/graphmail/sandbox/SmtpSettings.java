package io.graphmail.sandbox;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What Exchange Online's SMTP AUTH endpoint is told by the tenant's administrator: whether SMTP AUTH is on for the
 * tenant and for each mailbox, which apps' service principals hold FullAccess on which mailboxes
 * ({@code Add-MailboxPermission}), and the endpoint's limits. Immutable.
 */
public final class SmtpSettings {
    /** Exchange Online's default limit of recipients per message. */
    public static final int DEFAULT_MAX_RECIPIENTS = 500;
    /** Tokens with less life left than this are refused (see docs/sandbox.md, "SMTP submission"). */
    public static final int DEFAULT_MINIMUM_TOKEN_LIFETIME_SECONDS = 600;

    private final int port;
    private final boolean disabledForTenant;
    private final Set<String> disabledMailboxes;
    private final Map<String, Set<String>> fullAccess;
    private final int maxRecipients;
    private final int minimumTokenLifetimeSeconds;

    private SmtpSettings(Builder b) {
        this.port = b.port;
        this.disabledForTenant = b.disabledForTenant;
        this.disabledMailboxes = Set.copyOf(b.disabledMailboxes);
        Map<String, Set<String>> m = new LinkedHashMap<>();
        b.fullAccess.forEach((k, v) -> m.put(k, Set.copyOf(v)));
        this.fullAccess = Map.copyOf(m);
        this.maxRecipients = b.maxRecipients;
        this.minimumTokenLifetimeSeconds = b.minimumTokenLifetimeSeconds;
    }

    /** @return settings with SMTP AUTH on everywhere, no mailbox permissions, Exchange's default limits */
    public static SmtpSettings defaults() {
        return builder().build();
    }

    /** @return a builder with Exchange's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.disabledForTenant = disabledForTenant;
        b.disabledMailboxes.addAll(disabledMailboxes);
        fullAccess.forEach((k, v) -> b.fullAccess.put(k, new LinkedHashSet<>(v)));
        b.maxRecipients = maxRecipients;
        b.minimumTokenLifetimeSeconds = minimumTokenLifetimeSeconds;
        return b;
    }

    /** @return the SMTP port to listen on, 0 for any free one */
    public int port() {
        return port;
    }

    /**
     * @return whether SMTP AUTH is turned off for the whole tenant
     *     ({@code Set-TransportConfig -SmtpClientAuthenticationDisabled $true})
     */
    public boolean disabledForTenant() {
        return disabledForTenant;
    }

    /**
     * @return mailboxes with SMTP AUTH turned off ({@code Set-CASMailbox -SmtpClientAuthenticationDisabled $true}),
     *     lower case
     */
    public Set<String> disabledMailboxes() {
        return disabledMailboxes;
    }

    /**
     * @param clientId an app
     * @param mailbox an address
     * @return whether the app's service principal has FullAccess on the mailbox
     */
    public boolean hasFullAccess(String clientId, String mailbox) {
        return fullAccess.getOrDefault(clientId, Set.of()).contains(lower(mailbox));
    }

    /** @return FullAccess grants: client ID to mailboxes (lower case) */
    public Map<String, Set<String>> fullAccess() {
        return fullAccess;
    }

    /** @return recipients allowed per message */
    public int maxRecipients() {
        return maxRecipients;
    }

    /** @return the least life a token must have left to be accepted, in seconds (0: any unexpired token) */
    public int minimumTokenLifetimeSeconds() {
        return minimumTokenLifetimeSeconds;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Builder of {@link SmtpSettings}. */
    public static final class Builder {
        private int port;
        private boolean disabledForTenant;
        private final Set<String> disabledMailboxes = new LinkedHashSet<>();
        private final Map<String, Set<String>> fullAccess = new LinkedHashMap<>();
        private int maxRecipients = DEFAULT_MAX_RECIPIENTS;
        private int minimumTokenLifetimeSeconds = DEFAULT_MINIMUM_TOKEN_LIFETIME_SECONDS;

        private Builder() {
        }

        /** @param port SMTP port, 0 for any free one @return this */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("smtp port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** @param disabled whether SMTP AUTH is off for the tenant @return this */
        public Builder disabledForTenant(boolean disabled) {
            this.disabledForTenant = disabled;
            return this;
        }

        /** @param mailbox a mailbox whose SMTP AUTH is off @return this */
        public Builder disabledMailbox(String mailbox) {
            disabledMailboxes.add(lower(mailbox));
            return this;
        }

        /**
         * @param clientId the app whose service principal gets the permission
         * @param mailbox the mailbox it may send from (FullAccess)
         * @return this
         */
        public Builder fullAccess(String clientId, String mailbox) {
            fullAccess.computeIfAbsent(clientId, k -> new LinkedHashSet<>()).add(lower(mailbox));
            return this;
        }

        /** @param n recipients allowed per message (default 500) @return this */
        public Builder maxRecipients(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("smtp maxRecipients must be >= 1");
            }
            this.maxRecipients = n;
            return this;
        }

        /**
         * @param seconds least life a token must have left (default 600; 0 accepts any unexpired token)
         * @return this
         */
        public Builder minimumTokenLifetimeSeconds(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("smtp minimumTokenLifetimeSeconds must be >= 0");
            }
            this.minimumTokenLifetimeSeconds = seconds;
            return this;
        }

        /** @return the settings */
        public SmtpSettings build() {
            return new SmtpSettings(this);
        }
    }
}
