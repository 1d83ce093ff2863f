package io.graphmail.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphmail.auth.AccessToken;
import io.graphmail.auth.CachedSignIn;
import io.graphmail.auth.TokenCacheFile;
import io.graphmail.auth.TokenException;
import io.graphmail.config.Auth;
import io.graphmail.config.GraphSettings;
import io.graphmail.config.Submit;
import io.graphmail.engine.FailureKind;
import io.graphmail.engine.MailerRegistry;
import io.graphmail.graph.Json;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

/**
 * A token, decoded (tenant, app, audience, roles or scopes, expiry), against what the chosen sign-in and wire need;
 * for a delegated sign-in, the cached account and how old its refresh token is.
 */
final class TokenCheck {

    /** The identity platform drops a refresh token unused for 90 days. */
    private static final Duration REFRESH_TOKEN_LIFE = Duration.ofDays(90);

    private final CheckReport report;
    private final GraphSettings settings;

    TokenCheck(CheckReport report, GraphSettings settings) {
        this.report = report;
        this.settings = settings;
    }

    /** The cached sign-in of a delegated configuration: false when there is none to send with. */
    boolean cachedSignIn() {
        TokenCacheFile file = new TokenCacheFile(settings.signIn().tokenCache(), settings.signIn().tokenCachePassword());
        try {
            CachedSignIn s = file.read();
            if (s == null) {
                report.fail(FailureKind.CONFIGURATION, "sign-in: nobody has signed in yet (" + file.path() + " does not"
                        + " exist): run graphmail authorize --config <this file>");
                return false;
            }
            long days = Duration.between(s.refreshedAt(), Instant.now()).toDays();
            String line = "sign-in: " + s.username() + " signed in " + s.signedInAt() + "; refresh token from "
                    + s.refreshedAt() + " (" + days + " days old)";
            if (days >= REFRESH_TOKEN_LIFE.toDays()) {
                report.fail(FailureKind.CONFIGURATION, line + ": unused for 90 days it has expired; run graphmail authorize"
                        + " again");
                return false;
            }
            if (days >= 60) {
                report.warn(line + ": it expires after 90 days without use; send, or run graphmail authorize again");
            } else {
                report.ok(line);
            }
            return true;
        } catch (TokenException e) {
            report.fail(FailureKind.CONFIGURATION, "sign-in: " + e.getMessage());
            return false;
        }
    }

    void token() {
        try (MailerRegistry.Lease lease = MailerRegistry.shared().lease(settings)) {
            AccessToken token = lease.mailer().verify();
            JsonNode claims = claims(token);
            boolean delegated = settings.signIn().auth() == Auth.DELEGATED;
            Set<String> granted = new TreeSet<>();
            if (delegated) {
                for (String s : claims.path("scp").asText("").split(" ")) if (!s.isBlank()) granted.add(s);
            } else {
                claims.path("roles").forEach(r -> granted.add(r.asText()));
            }
            report.ok("token: tenant " + claims.path("tid").asText("?") + ", app " + claims.path("appid").asText(
                    claims.path("azp").asText("?")) + (delegated ? ", user " + claims.path("upn").asText(
                    claims.path("preferred_username").asText("?")) : "") + ", audience " + claims.path("aud")
                    .asText("?") + (delegated ? ", scopes " : ", roles ") + granted + ", expires " + token.expiresAt());
            permissions(granted, delegated);
        } catch (TokenException e) {
            report.fail(FailureKind.of(e), "token: " + e.getMessage());
        } catch (Exception e) {
            report.fail(FailureKind.of(e), "token: " + e.getMessage());
        }
    }

    private void permissions(Set<String> granted, boolean delegated) {
        String kind = delegated ? "delegated" : "application";
        if (settings.signIn().submit() == Submit.SMTP) {
            String needed = delegated ? "SMTP.Send" : "SMTP.SendAsApp";
            if (!granted.contains(needed)) {
                report.fail(FailureKind.CONFIGURATION, "permission: the token has no " + needed + ": add the " + kind
                        + " permission " + needed + (delegated ? " (Microsoft Graph) and sign in again"
                        : " (Office 365 Exchange Online) and grant admin consent; register the app's service principal"
                        + " in Exchange (New-ServicePrincipal) and give it the mailbox (Add-MailboxPermission)"));
            } else {
                report.ok("permission: " + needed);
            }
            return;
        }
        if (!granted.contains("Mail.Send")) {
            report.fail(FailureKind.CONFIGURATION, "permission: the token has no Mail.Send: add the Microsoft Graph " + kind
                    + " permission Mail.Send to the app registration and " + (delegated
                    ? "sign in again (graphmail authorize)" : "grant admin consent"));
        } else {
            report.ok("permission: Mail.Send");
        }
        if (!granted.contains("Mail.ReadWrite")) {
            report.warn("permission: no Mail.ReadWrite: messages over about 3 MB cannot be sent (they go as a draft),"
                    + " and an outbox sends at most once instead of exactly once" + (delegated
                    ? " (add it to mail.graph.scope and sign in again to allow both)" : ""));
        } else {
            report.ok("permission: Mail.ReadWrite (large messages, exactly once from an outbox)");
        }
    }

    private static JsonNode claims(AccessToken token) throws java.io.IOException {
        String[] parts = token.value().split("\\.");
        if (parts.length < 2) return Json.mapper().createObjectNode();
        return Json.mapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }
}
