package io.graphmail.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authorization code grant (contract §6, [CODE]): authorization requests waiting on the consent page, and the
 * one-time codes the page hands out, redeemable for {@link #CODE_LIFETIME} by the sandbox clock, with PKCE checked.
 */
final class Authorizations {
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    /** How long a consent page may stay open before its request is forgotten. */
    private static final Duration REQUEST_LIFETIME = Duration.ofHours(1);

    /** A validated /authorize request, waiting for the user on the consent page. */
    record Request(App app, String tenantId, String redirectUri, DelegatedScopes scopes, String state,
                   String codeChallenge, String codeChallengeMethod, String nonce, String responseMode,
                   String loginHint, Instant created) {
    }

    private record Code(Request request, User user, long generation, Instant issued) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Request> requests = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> redeemed = new ConcurrentHashMap<>();

    /** @return the ID the consent page's form sends back */
    String await(Request request) {
        requests.values().removeIf(r -> request.created().isAfter(r.created().plus(REQUEST_LIFETIME)));
        String id = randomText(24);
        requests.put(id, request);
        return id;
    }

    /** @return the request the consent page answers (now answered), or null when unknown or stale */
    Request answered(String id, Instant now) {
        Request r = id == null ? null : requests.remove(id);
        return r == null || now.isAfter(r.created().plus(REQUEST_LIFETIME)) ? null : r;
    }

    String issue(Request request, User user, long generation, Instant now) {
        // codes are remembered a day after they expired, so a late redemption still hears "expired" or "redeemed"
        codes.entrySet().removeIf(e -> {
            boolean forgotten = now.isAfter(e.getValue().issued().plus(CODE_LIFETIME).plus(Duration.ofDays(1)));
            if (forgotten) {
                redeemed.remove(e.getKey());
            }
            return forgotten;
        });
        String code = "1.ASbxC" + randomText(64);
        codes.put(code, new Code(request, user, generation, now));
        return code;
    }

    /**
     * Redeems a code once.
     *
     * @return the grant it stands for
     * @throws AadError invalid_grant: unknown (70000), already redeemed (54005), expired (70008), another app's or
     *     another redirect_uri (70000), PKCE verifier missing or wrong (501481)
     */
    UserTokens.Grant redeem(String code, String clientId, String redirectUri, String verifier, Instant now) {
        Code c = code == null ? null : codes.get(code);
        if (c == null || !c.request().app().clientId().equals(clientId)) {
            throw new AadError(400, "invalid_grant", 70000, "The provided value for the 'code' parameter is not "
                + "valid.");
        }
        if (redeemed.putIfAbsent(code, Boolean.TRUE) != null) {
            throw new AadError(400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, "
                + "please retry with a new valid code or use an existing refresh token.");
        }
        if (now.isAfter(c.issued().plus(CODE_LIFETIME))) {
            throw new AadError(400, "invalid_grant", 70008, "The provided authorization code or refresh token has "
                + "expired due to inactivity. Send a new interactive authorization request for this user and "
                + "resource.");
        }
        if (!c.request().redirectUri().equals(redirectUri)) {
            throw new AadError(400, "invalid_grant", 70000, "The provided value for the 'redirect_uri' is not valid."
                + " The value must exactly match the redirect URI used to obtain the authorization code.");
        }
        checkPkce(c.request(), verifier);
        Request r = c.request();
        return new UserTokens.Grant(clientId, r.tenantId(), c.user(), r.scopes(), r.nonce(), c.generation());
    }

    private static void checkPkce(Request r, String verifier) {
        if (r.codeChallenge() == null) {
            return;
        }
        if (verifier == null || verifier.isEmpty()) {
            throw new AadError(400, "invalid_grant", 501481, "The Code_Verifier is missing: the authorization "
                + "request supplied a code_challenge.");
        }
        String computed = "S256".equals(r.codeChallengeMethod()) ? s256(verifier) : verifier;
        if (!MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
            r.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            throw new AadError(400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge "
                + "supplied in the authorization request.");
        }
    }

    static String s256(String verifier) {
        try {
            return Jwt.b64(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomText(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Jwt.b64(b);
    }
}
