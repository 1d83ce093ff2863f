package io.graphmail.engine;

/** What to do about a Graph error code, in the words an administrator needs (docs/graph-behaviour.md §5, §8). */
final class GraphAdvice {

    private GraphAdvice() {
    }

    static String forCode(String code, String mailbox, String from) {
        if (code == null) return null;
        switch (code) {
            case "ErrorSendAsDenied":
                return "mailbox " + mailbox + " has no right to send as " + from + ": in Exchange Online grant it"
                        + " Send As (Add-RecipientPermission -Identity " + from + " -Trustee " + mailbox
                        + " -AccessRights SendAs) or Send on Behalf (Set-Mailbox " + from
                        + " -GrantSendOnBehalfTo " + mailbox + "), or set mail.graph.user to " + from;
            case "ErrorAccessDenied":
                return "the app may not send from mailbox " + mailbox + ": give the app registration the Mail.Send"
                        + " application permission and grant admin consent, and check any application access policy"
                        + " or RBAC for Applications scope that limits the app to chosen mailboxes";
            case "ErrorInvalidUser":
            case "ResourceNotFound":
                return "there is no mailbox " + mailbox + " in this tenant: check mail.graph.user (or the From address)";
            case "MailboxNotEnabledForRESTAPI":
                return "mailbox " + mailbox + " cannot be used through Graph: it is unlicensed, inactive, soft-deleted"
                        + " or hosted on-premises";
            case "InvalidAuthenticationToken":
                return "Graph rejected even a fresh token: mail.graph.endpoint and mail.graph.scope must belong to the"
                        + " same cloud as mail.graph.authority";
            case "ErrorInvalidRecipients":
                return "check the recipient addresses";
            case "ApplicationThrottled":
            case "TooManyRequests":
                return "Microsoft is throttling this app and mailbox: send less at once (mail.graph.concurrency) or"
                        + " allow more retries (mail.graph.retries)";
            case "ErrorMessageSizeExceeded":
                return "the message is larger than the mailbox's size limit (Exchange Online: 35 MB by default,"
                        + " up to 150 MB when an administrator raises it)";
            default:
                return null;
        }
    }
}
