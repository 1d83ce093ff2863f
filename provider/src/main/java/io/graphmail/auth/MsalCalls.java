package io.graphmail.auth;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for one MSAL call and turns its failures into a {@link TokenException} that says what to fix. */
final class MsalCalls {

    /** The codes that mean the user's sign-in is over: the refresh token expired, was revoked or needs the user. */
    private static final Set<String> SIGN_IN_AGAIN = Set.of("50173", "700082", "70008", "50076", "50079", "50078",
            "50133", "50089");

    private MsalCalls() {
    }

    interface Call {
        CompletableFuture<IAuthenticationResult> start() throws Exception;
    }

    /**
     * @param description who asks and where, for messages
     * @param derivedScope the scope graphmail made itself, or null when it was configured (for the advice)
     * @param reauthorize what to run to sign in again, or null for an application sign-in
     */
    static IAuthenticationResult await(Call call, Duration timeout, String description, String derivedScope,
                                       String reauthorize) throws TokenException {
        try {
            return call.start().get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw translate(e.getCause() != null ? e.getCause() : e, description, derivedScope, reauthorize);
        } catch (TimeoutException e) {
            throw new TokenException("no answer from the identity platform within " + timeout.toMillis()
                    + " ms (" + description + "): check the network path, a proxy, or mail.graph.timeout", null, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException("interrupted while waiting for an access token", null, false, e);
        } catch (Exception e) {
            throw translate(e, description, derivedScope, reauthorize);
        }
    }

    static TokenException translate(Throwable t, String description, String derivedScope, String reauthorize) {
        if (t instanceof MsalServiceException e) {
            String code = AadstsAdvice.code(e.getMessage());
            String first = firstLine(e.getMessage());
            String correlation = e.correlationId() != null ? " [correlation-id " + e.correlationId() + "]" : "";
            // MSAL leaves the status out of some answers (interaction required): those are a verdict, a 4xx
            int status = e.statusCode() == null ? 400 : e.statusCode();
            if (status >= 500) {
                // a 5xx is the identity platform failing, not a verdict on the credentials
                return new TokenException("the identity platform is failing (HTTP " + status + ") for "
                        + description + ": try again later; nothing is wrong with the configuration as far as this"
                        + " answer tells. Service said: " + first + correlation,
                        code != null ? "AADSTS" + code : e.errorCode(), false, e);
            }
            String advice;
            if (reauthorize != null && "65001".equals(code)) {
                advice = "nobody has consented to the delegated permission this needs (" + description + "): grant"
                        + " admin consent for it under API permissions of the app registration, or let the user"
                        + " consent when signing in with " + reauthorize;
            } else if (reauthorize != null && ("invalid_grant".equals(e.errorCode()) || SIGN_IN_AGAIN.contains(code))) {
                advice = "the signed-in user's sign-in is no longer valid (it expired, was revoked, or needs the user"
                        + " again): run " + reauthorize + " again";
            } else {
                advice = AadstsAdvice.adviceFor(code, derivedScope);
            }
            return new TokenException("the identity platform refused a token for " + description + " (HTTP "
                    + status + " " + e.errorCode() + (code != null ? ", AADSTS" + code : "") + "): "
                    + (advice != null ? advice + ". Service said: " : "") + first + correlation,
                    code != null ? "AADSTS" + code : e.errorCode(), true, e);
        }
        if (t instanceof TokenException te) {
            return te;
        }
        String msg = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return new TokenException("could not obtain an access token for " + description + ": " + msg
                + " (check mail.graph.authority, the network path and the trust store)", null, false, t);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int cut = s.indexOf("\r");
        int nl = s.indexOf("\n");
        if (cut < 0 || (nl >= 0 && nl < cut)) cut = nl;
        return cut < 0 ? s : s.substring(0, cut);
    }
}
