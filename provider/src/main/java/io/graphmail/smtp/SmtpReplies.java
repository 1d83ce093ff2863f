package io.graphmail.smtp;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Exchange Online's SMTP replies mean for an administrator (docs/graph-behaviour.md, SMTP submission): the fix
 * for each enhanced status code graphmail knows, keyed by the code.
 */
final class SmtpReplies {

    private static final Pattern ENHANCED = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    private static final Map<String, String> ADVICE = Map.of(
            "5.7.3", "Exchange refused the token: with mail.graph.auth=application the app needs the Office 365"
                    + " Exchange Online application permission SMTP.SendAsApp (admin consent), its service principal"
                    + " registered in Exchange (New-ServicePrincipal) and FullAccess on the mailbox"
                    + " (Add-MailboxPermission); with mail.graph.auth=delegated the user needs SMTP.Send and must be"
                    + " the mailbox; check mail.graph.scope is the Outlook audience (admin guide, SMTP)",
            "5.7.139", "SMTP AUTH is turned off for the tenant or the mailbox: an Exchange administrator must allow it"
                    + " (Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false, or the tenant's"
                    + " Set-TransportConfig -SmtpClientAuthenticationDisabled $false), or use mail.graph.submit=graph",
            "5.7.30", "Exchange wanted basic authentication, which it no longer takes: this is not what graphmail sends;"
                    + " check that mail.graph.smtp.host is Exchange Online's SMTP AUTH endpoint",
            "5.7.60", "the mailbox may not send as this From address: grant it Send As on that address, or send from"
                    + " the mailbox itself",
            "5.7.57", "Exchange did not accept the sign-in before the message: check the SMTP AUTH settings of the"
                    + " mailbox (admin guide, SMTP)",
            "5.3.4", "the message is larger than Exchange accepts for this mailbox: send it smaller, or ask an"
                    + " administrator to raise the mailbox's MaxSendSize",
            "5.5.127", "the token was about to expire when it was presented: graphmail fetches tokens with at least"
                    + " ten minutes left, so check this machine's clock against the identity platform's");

    private SmtpReplies() {
    }

    /** The enhanced status code in a reply line, e.g. {@code 5.7.139}, or null. */
    static String enhanced(String reply) {
        if (reply == null) return null;
        Matcher m = ENHANCED.matcher(reply);
        return m.find() ? m.group(1) : null;
    }

    /** What to change for this reply, or null when the reply says it best itself. */
    static String advice(String reply) {
        String code = enhanced(reply);
        return code == null ? null : ADVICE.get(code);
    }
}
