package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What Exchange Online checks when a client authenticates with XOAUTH2: the token (the sandbox's own signature,
 * lifetime, an Exchange Online audience, not revoked), enough life left in it, SMTP AUTH being on for the tenant and
 * the mailbox, and the right to send from the {@code user=} mailbox: for an app's own token the role
 * {@code SMTP.SendAsApp} and FullAccess on the mailbox; for a user's token the scope {@code SMTP.Send} and being
 * that user.
 */
final class SmtpTokenCheck {
    /** Exchange Online's resource: as app-only tokens name it, as delegated ones do, and its application ID. */
    static final Set<String> EXCHANGE_AUDIENCES = Set.of(TokenEndpoint.OUTLOOK_RESOURCE, "https://outlook.office.com",
        "00000002-0000-0ff1-ce00-000000000000");
    static final String APP_ROLE = "SMTP.SendAsApp";
    static final String DELEGATED_SCOPE = "SMTP.Send";

    private final SandboxState state;
    private final Clock clock;

    SmtpTokenCheck(SandboxState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** Counts a session that signed in, for tests that assert how often a client authenticates. */
    void counted() {
        state.smtpAuthentications.incrementAndGet();
    }

    /**
     * @return who the session is from now on
     * @throws SmtpRefusal with Exchange's answer when any check fails
     */
    SmtpIdentity authenticate(XOAuth2Response response) {
        SandboxConfig config = state.config();
        SmtpSettings smtp = config.smtp();
        long now = clock.instant().getEpochSecond();
        JsonNode claims;
        try {
            claims = state.tokens.validate(response.token(), EXCHANGE_AUDIENCES, clock.instant());
        } catch (GraphError e) {
            throw new SmtpRefusal(SmtpReplies.AUTH_FAILED);
        }
        if (claims.path("exp").asLong() - now < smtp.minimumTokenLifetimeSeconds()) {
            throw new SmtpRefusal(SmtpReplies.TOKEN_EXPIRES_SOON);
        }
        String mailbox = response.user().toLowerCase(Locale.ROOT);
        if (!config.mailboxes().contains(mailbox)) {
            throw new SmtpRefusal(SmtpReplies.AUTH_FAILED);
        }
        if (smtp.disabledForTenant()) {
            throw new SmtpRefusal(SmtpReplies.DISABLED_FOR_TENANT);
        }
        if (smtp.disabledMailboxes().contains(mailbox)) {
            throw new SmtpRefusal(SmtpReplies.DISABLED_FOR_MAILBOX);
        }
        String clientId = claims.hasNonNull("appid") ? claims.get("appid").asText() : claims.path("azp").asText();
        boolean delegated = claims.hasNonNull("scp");
        boolean allowed = delegated
            ? List.of(claims.get("scp").asText().split(" ")).contains(DELEGATED_SCOPE)
                && isSignedInUser(claims, mailbox)
            : hasRole(claims) && smtp.hasFullAccess(clientId, mailbox);
        if (!allowed) {
            throw new SmtpRefusal(SmtpReplies.AUTH_FAILED);
        }
        return new SmtpIdentity(mailbox, clientId, delegated);
    }

    private static boolean hasRole(JsonNode claims) {
        for (JsonNode role : claims.path("roles")) {
            if (APP_ROLE.equals(role.asText())) {
                return true;
            }
        }
        return false;
    }

    /** A user's token sends only as that user: the name it was issued to, in whichever claim it carries. */
    private static boolean isSignedInUser(JsonNode claims, String mailbox) {
        for (String claim : List.of("upn", "preferred_username", "unique_name")) {
            if (claims.hasNonNull(claim) && claims.get(claim).asText().equalsIgnoreCase(mailbox)) {
                return true;
            }
        }
        return false;
    }
}
