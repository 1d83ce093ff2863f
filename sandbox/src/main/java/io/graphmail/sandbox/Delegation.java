package io.graphmail.sandbox;

import java.util.List;

/**
 * The delegated side of the identity platform as tests and the admin API steer it: approving or declining a device
 * code without a browser, revoking a user's sign-in sessions, and two behaviours that differ from the real service
 * only on request (docs/sandbox.md, "Delegated sign-in").
 */
public final class Delegation {
    final DeviceCodes deviceCodes = new DeviceCodes();
    final Authorizations authorizations = new Authorizations();
    final RefreshTokens refreshTokens = new RefreshTokens();
    private final SandboxState state;
    private volatile int deviceCodeIntervalSeconds = 1;

    Delegation(SandboxState state) {
        this.state = state;
    }

    /**
     * Approves a pending device code as if {@code upn} had entered it on the device login page and accepted.
     *
     * @param userCode the code the app showed (any case)
     * @param upn a user of the configuration
     * @throws IllegalArgumentException when the code is unknown, expired or already answered, or the user unknown
     */
    public void approveDeviceCode(String userCode, String upn) {
        User user = user(upn);
        DeviceCodes.Flow f = pendingFlow(userCode);
        if (!deviceCodes.answer(f, user, state.clock.now())) {
            throw new IllegalArgumentException("device code " + userCode + " is no longer pending");
        }
    }

    /**
     * Declines a pending device code, as a user who pressed Cancel: the app's next poll gets authorization_declined.
     *
     * @param userCode the code the app showed
     * @throws IllegalArgumentException when the code is unknown, expired or already answered
     */
    public void declineDeviceCode(String userCode) {
        if (!deviceCodes.answer(pendingFlow(userCode), null, state.clock.now())) {
            throw new IllegalArgumentException("device code " + userCode + " is no longer pending");
        }
    }

    /**
     * An output for a program that prints the device code instruction (MSAL's message, {@code graphmail authorize}):
     * everything written goes on to {@code copy}, and the code in the sandbox's instruction ("... enter the code X
     * ...") is approved as {@code upn} the moment its line is complete, as a person reading it would.
     *
     * @param upn a user of the configuration
     * @param copy where the output goes as well
     */
    public java.io.OutputStream approvingOutput(String upn, java.io.OutputStream copy) {
        user(upn);
        return new java.io.OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public synchronized void write(int b) throws java.io.IOException {
                copy.write(b);
                if (b != '\n') {
                    line.append((char) b);
                    return;
                }
                approveShownCode(line, upn);
                line.setLength(0);
            }
        };
    }

    /**
     * Approves the device code named in the sandbox's instruction text, if the text holds one.
     *
     * @return whether it held one
     */
    public boolean approveShownCode(CharSequence instruction, String upn) {
        java.util.regex.Matcher m = SHOWN_CODE.matcher(instruction);
        if (!m.find()) return false;
        approveDeviceCode(m.group(1), upn);
        return true;
    }

    private static final java.util.regex.Pattern SHOWN_CODE = java.util.regex.Pattern.compile("enter the code (\\S+)");

    /** @return the user codes of device code flows waiting for a user, oldest first */
    public List<String> pendingUserCodes() {
        return deviceCodes.pendingFlows(state.clock.now()).stream().map(f -> f.userCode).toList();
    }

    /**
     * Revokes the user's sign-in sessions (Entra's "Revoke sessions"): refresh tokens from sign-ins before now fail
     * with invalid_grant AADSTS50173. Access tokens already issued stay valid until they expire, as in Entra.
     *
     * @param upn a user of the configuration
     * @throws IllegalArgumentException when the user is unknown
     */
    public void revokeSignInSessions(String upn) {
        refreshTokens.revoke(user(upn).upn(), state.clock.now());
    }

    /**
     * The identity platform keeps a rotated refresh token valid until its own expiry. Strict mode makes a redeemed
     * refresh token invalid at once (invalid_grant AADSTS70000), so a client that keeps using an old one is caught.
     *
     * @param retire true for strict mode, false (default) for the identity platform's behaviour
     */
    public void retireRotatedRefreshTokens(boolean retire) {
        refreshTokens.retireRotated(retire);
    }

    /**
     * @param seconds the polling {@code interval} device code answers carry (default 1, so tests are quick; the
     *     identity platform says 5)
     * @throws IllegalArgumentException when not between 1 and 60
     */
    public void deviceCodeIntervalSeconds(int seconds) {
        if (seconds < 1 || seconds > 60) {
            throw new IllegalArgumentException("the device code interval must be between 1 and 60 seconds");
        }
        this.deviceCodeIntervalSeconds = seconds;
    }

    /** Back to the identity platform's behaviour and a 1 s device code interval (the JUnit extension's reset). */
    public void resetSettings() {
        retireRotatedRefreshTokens(false);
        deviceCodeIntervalSeconds(1);
    }

    int deviceCodeIntervalSeconds() {
        return deviceCodeIntervalSeconds;
    }

    User user(String upn) {
        if (upn == null) {
            throw new IllegalArgumentException("a user (UPN) is required");
        }
        return state.config().user(upn).orElseThrow(() -> new IllegalArgumentException("no user " + upn
            + " in the sandbox configuration (users)"));
    }

    private DeviceCodes.Flow pendingFlow(String userCode) {
        DeviceCodes.Flow f = deviceCodes.pending(userCode, state.clock.now());
        if (f == null) {
            throw new IllegalArgumentException("no pending device code " + userCode
                + " (unknown, expired or already answered)");
        }
        return f;
    }
}
