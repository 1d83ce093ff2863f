package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Graph's checks for a user's (delegated) token: {@code /me} is the signed-in user; the user's own mailbox needs the
 * operation's permission in {@code scp} (Mail.Send to send); another mailbox needs its {@code .Shared} form
 * (Mail.Send.Shared) and a mailbox permission of the user on it (Send As or Send on Behalf in the configuration)
 * (contract §1.1, §3).
 */
final class DelegatedAccess {
    private DelegatedAccess() {
    }

    static boolean isDelegated(JsonNode claims) {
        return "user".equals(claims.path("idtyp").asText()) || claims.has("scp");
    }

    /** @return {@code /me/...} as {@code /users/{upn}/...} of the signed-in user */
    static String[] resolveMe(String[] seg, JsonNode claims) {
        String[] out = new String[seg.length + 1];
        out[0] = "users";
        out[1] = claims.path("upn").asText();
        System.arraycopy(seg, 1, out, 2, seg.length - 1);
        return out;
    }

    /**
     * @param permissions the permissions of which the operation needs one (as application roles are named)
     * @throws GraphError 403 ErrorAccessDenied when the token's scopes or the user's mailbox rights fall short
     */
    static void check(JsonNode claims, String mailbox, Set<String> permissions, SandboxConfig config) {
        Set<String> scp = Set.of(claims.path("scp").asText().split(" "));
        String upn = claims.path("upn").asText();
        boolean own = upn.equalsIgnoreCase(mailbox);
        boolean granted = permissions.stream().anyMatch(p -> scp.contains(own ? p : p + ".Shared"));
        if (!granted) {
            throw new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        }
        if (!own && !config.maySendAs(upn, mailbox) && !config.maySendOnBehalf(upn, mailbox)) {
            throw new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        }
    }
}
