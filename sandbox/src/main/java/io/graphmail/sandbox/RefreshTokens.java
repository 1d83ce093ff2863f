package io.graphmail.sandbox;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refresh tokens: opaque, bound to the app and the grant, rotated at every redemption. The old token of a rotation
 * stays valid until its own inactivity expiry, as the identity platform keeps it, unless
 * {@link Delegation#retireRotatedRefreshTokens(boolean)} makes the sandbox strict about reuse. Revoking a user's
 * sessions invalidates every refresh token from sign-ins before the revocation (AADSTS50173); one unused for
 * {@link #INACTIVITY} has expired (AADSTS700082).
 */
final class RefreshTokens {
    /** The identity platform's inactivity lifetime of a refresh token. */
    static final Duration INACTIVITY = Duration.ofDays(90);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss")
        .withZone(ZoneOffset.UTC);

    private record Entry(UserTokens.Grant grant, Instant issued, boolean retired) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> tokens = new ConcurrentHashMap<>();
    /** Per user: sign-ins before this generation are revoked, and when that happened. */
    private final Map<String, Long> generation = new ConcurrentHashMap<>();
    private final Map<String, Instant> revokedAt = new ConcurrentHashMap<>();
    private volatile boolean retireRotated;

    String issue(UserTokens.Grant grant, Instant now) {
        // forgotten only long after they expired, so that a late use still hears AADSTS700082
        tokens.values().removeIf(e -> now.isAfter(e.issued().plus(INACTIVITY.multipliedBy(2))));
        byte[] b = new byte[96];
        random.nextBytes(b);
        String token = "1.ASbx" + Jwt.b64(b);
        tokens.put(token, new Entry(grant, now, false));
        return token;
    }

    /** @return the user's current sign-in generation, to put into a new grant */
    long generation(String upn) {
        return generation.getOrDefault(upn, 0L);
    }

    /** Revokes the user's sessions: every refresh token from a sign-in before now. */
    void revoke(String upn, Instant now) {
        generation.merge(upn, 1L, Long::sum);
        revokedAt.put(upn, now);
    }

    void retireRotated(boolean retire) {
        this.retireRotated = retire;
    }

    /**
     * Redeems a refresh token: the grant it stands for, the old token retired when the sandbox is strict.
     *
     * @throws AadError invalid_grant (70000 unknown or retired, 50173 revoked, 700082 expired)
     */
    UserTokens.Grant redeem(String token, String clientId, Instant now) {
        Entry e = token == null ? null : tokens.get(token);
        if (e == null || e.retired() || !e.grant().clientId().equals(clientId)) {
            throw new AadError(400, "invalid_grant", 70000, "Provided grant is invalid or malformed."
                + (e != null && e.retired() ? " The refresh token was already redeemed and has been replaced." : ""));
        }
        UserTokens.Grant g = e.grant();
        if (g.generation() < generation(g.user().upn())) {
            throw new AadError(400, "invalid_grant", 50173, "The provided grant has expired due to it being revoked, "
                + "a fresh auth token is needed. The user might have changed or reset their password. The grant was "
                + "issued on '" + STAMP.format(e.issued()) + "' and the TokensValidFrom date (before which tokens are "
                + "not valid) for this user is '" + STAMP.format(revokedAt.get(g.user().upn())) + "'.");
        }
        if (!now.isBefore(e.issued().plus(INACTIVITY))) {
            throw new AadError(400, "invalid_grant", 700082, "The refresh token has expired due to inactivity. The "
                + "token was issued on " + e.issued() + " and was inactive for " + INACTIVITY.toDays()
                + ".00:00:00.");
        }
        // atomically, so that of two concurrent redemptions of one token in strict mode only one succeeds
        if (retireRotated && !tokens.replace(token, e, new Entry(g, e.issued(), true))) {
            throw new AadError(400, "invalid_grant", 70000, "Provided grant is invalid or malformed. The refresh "
                + "token was already redeemed and has been replaced.");
        }
        return g;
    }
}
