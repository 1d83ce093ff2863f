package io.graphmail.sandbox;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device code flows (contract §6, [DEV]): started by an app, approved or declined by a user on the device login page
 * or by the admin knob, and polled for by the app until then. Codes live {@link #LIFETIME}, by the sandbox clock.
 */
final class DeviceCodes {
    static final Duration LIFETIME = Duration.ofSeconds(900);
    private static final String USER_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    enum Status { PENDING, APPROVED, DECLINED, REDEEMED }

    /** One flow; mutable state guarded by the flow itself. */
    static final class Flow {
        final String deviceCode;
        final String userCode;
        final App app;
        final String tenantId;
        final DelegatedScopes scopes;
        final Instant expires;
        private Status status = Status.PENDING;
        private User user;

        Flow(String deviceCode, String userCode, App app, String tenantId, DelegatedScopes scopes, Instant expires) {
            this.deviceCode = deviceCode;
            this.userCode = userCode;
            this.app = app;
            this.tenantId = tenantId;
            this.scopes = scopes;
            this.expires = expires;
        }

        synchronized Status status() {
            return status;
        }

        synchronized User user() {
            return user;
        }

        boolean expired(Instant now) {
            return !now.isBefore(expires);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Flow> byDeviceCode = new ConcurrentHashMap<>();
    private final Map<String, Flow> byUserCode = new ConcurrentHashMap<>();

    /** How long after its expiry a flow is still known (and answers expired_token rather than an unknown code). */
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofHours(1);

    Flow start(App app, String tenantId, DelegatedScopes scopes, Instant now) {
        byDeviceCode.values().removeIf(f -> now.isAfter(f.expires.plus(KEPT_AFTER_EXPIRY)));
        byUserCode.values().removeIf(f -> now.isAfter(f.expires.plus(KEPT_AFTER_EXPIRY)));
        byte[] b = new byte[48];
        random.nextBytes(b);
        String deviceCode = "DAQABIQEAAADsbx" + Jwt.b64(b);
        String userCode;
        do {
            StringBuilder u = new StringBuilder();
            for (int i = 0; i < 9; i++) {
                u.append(USER_CODE_LETTERS.charAt(random.nextInt(USER_CODE_LETTERS.length())));
            }
            userCode = u.toString();
        } while (byUserCode.containsKey(userCode));
        Flow f = new Flow(deviceCode, userCode, app, tenantId, scopes, now.plus(LIFETIME));
        byDeviceCode.put(deviceCode, f);
        byUserCode.put(userCode, f);
        return f;
    }

    /** @return the pending flow a user code names (any case, spaces and dashes ignored), or null */
    Flow pending(String userCode, Instant now) {
        if (userCode == null) {
            return null;
        }
        Flow f = byUserCode.get(userCode.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT));
        return f == null || f.expired(now) || f.status() != Status.PENDING ? null : f;
    }

    /**
     * The user's answer.
     *
     * @param user the user who signed in, or null when they declined
     * @return whether the flow was still pending (neither answered nor expired)
     */
    boolean answer(Flow f, User user, Instant now) {
        synchronized (f) {
            if (f.status != Status.PENDING || f.expired(now)) {
                return false;
            }
            f.status = user == null ? Status.DECLINED : Status.APPROVED;
            f.user = user;
            return true;
        }
    }

    /**
     * A poll of the token endpoint.
     *
     * @return the approved flow, now redeemed
     * @throws AadError authorization_pending, authorization_declined, expired_token, bad_verification_code
     */
    Flow poll(String deviceCode, String clientId, Instant now) {
        Flow f = deviceCode == null ? null : byDeviceCode.get(deviceCode);
        if (f == null || !f.app.clientId().equals(clientId)) {
            throw new AadError(400, "bad_verification_code", 70019, "The provided value for the input parameter "
                + "'device_code' is not valid: no device code flow of this app has it.");
        }
        synchronized (f) {
            if (f.expired(now)) {
                throw new AadError(400, "expired_token", 70020, "The provided value for the input parameter "
                    + "'device_code' is not valid. This device code has expired.");
            }
            switch (f.status) {
                case PENDING -> throw new AadError(400, "authorization_pending", 70016, "The provided request has "
                    + "not yet been authorized by the user. The user must input their code.");
                case DECLINED -> throw new AadError(400, "authorization_declined", 70000,
                    "The user declined the authorization request.");
                case REDEEMED -> throw new AadError(400, "invalid_grant", 54005,
                    "The device code was already redeemed, please start a new device code flow.");
                default -> {
                    f.status = Status.REDEEMED;
                    return f;
                }
            }
        }
    }

    /** @return flows neither answered nor expired, oldest first */
    List<Flow> pendingFlows(Instant now) {
        List<Flow> out = new ArrayList<>();
        for (Flow f : byDeviceCode.values()) {
            if (f.status() == Status.PENDING && !f.expired(now)) {
                out.add(f);
            }
        }
        out.sort(java.util.Comparator.comparing(f -> f.expires));
        return out;
    }
}
