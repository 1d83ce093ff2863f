package io.graphmail.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The client's XOAUTH2 response: {@code base64("user=" + user + "^Aauth=Bearer " + token + "^A^A")}.
 *
 * @param user the mailbox to authenticate as
 * @param token the access token
 */
record XOAuth2Response(String user, String token) {
    private static final String SEP = "\u0001";

    /**
     * @param base64 the response as the client sent it
     * @return its parts
     * @throws SmtpRefusal {@link SmtpReplies#CANNOT_DECODE} when it is not base64, {@link SmtpReplies#INVALID_XOAUTH2}
     *     when it is not the XOAUTH2 form
     */
    static XOAuth2Response decode(String base64) {
        String text;
        try {
            text = new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SmtpRefusal(SmtpReplies.CANNOT_DECODE);
        }
        if (!text.startsWith("user=") || !text.endsWith(SEP + SEP)) {
            throw new SmtpRefusal(SmtpReplies.INVALID_XOAUTH2);
        }
        String[] parts = text.substring(0, text.length() - 2).split(SEP, -1);
        if (parts.length != 2 || !parts[1].regionMatches(true, 0, "auth=Bearer ", 0, "auth=Bearer ".length())) {
            throw new SmtpRefusal(SmtpReplies.INVALID_XOAUTH2);
        }
        String user = parts[0].substring("user=".length());
        String token = parts[1].substring("auth=Bearer ".length()).trim();
        if (user.isBlank() || token.isEmpty()) {
            throw new SmtpRefusal(SmtpReplies.INVALID_XOAUTH2);
        }
        return new XOAuth2Response(user, token);
    }

    @Override
    public String toString() {
        return "XOAuth2Response[user=" + user + ", token=(" + token.length() + " characters)]";
    }
}
