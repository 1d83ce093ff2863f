package io.graphmail.sandbox;

/**
 * The answers of Exchange Online's SMTP AUTH endpoint (smtp.office365.com) that the sandbox gives, word for word
 * where the wording is known (docs/sandbox.md, "SMTP submission", lists each with its trigger).
 */
final class SmtpReplies {
    static final String AUTH_OK = "235 2.7.0 Authentication successful";
    static final String AUTH_FAILED = "535 5.7.3 Authentication unsuccessful";
    static final String BASIC_AUTH_DISABLED = "535 5.7.139 Authentication unsuccessful, basic authentication is "
        + "disabled.";
    static final String DISABLED_FOR_TENANT = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
        + "disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.";
    static final String DISABLED_FOR_MAILBOX = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
        + "disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.";
    static final String TOKEN_EXPIRES_SOON = "501 5.5.127 Invalid XOAUTH2 auth data - Token will expire soon";
    static final String INVALID_XOAUTH2 = "501 5.5.124 Invalid XOAUTH2 auth data";
    static final String CANNOT_DECODE = "501 5.5.2 Cannot Decode response";
    static final String UNRECOGNIZED_MECHANISM = "504 5.7.4 Unrecognized authentication type";
    static final String ALREADY_AUTHENTICATED = "503 5.5.1 Already authenticated";
    static final String AUTH_CANCELLED = "501 5.0.0 Authentication canceled";
    static final String NOT_AUTHENTICATED = "530 5.7.57 Client not authenticated to send mail.";
    static final String SEND_AS_DENIED_ENVELOPE = "550 5.7.60 SMTP; Client does not have permissions to send as this "
        + "sender";
    static final String TOO_MANY_RECIPIENTS = "452 4.5.3 Too many recipients";
    static final String TOO_BIG = "552 5.3.4 Message size exceeds fixed maximum message size";
    static final String TEMPORARY_FAILURE = "451 4.7.0 Temporary server error. Please try again later.";
    static final String SERVICE_UNAVAILABLE = "421 4.3.2 Service not available, closing transmission channel";

    private SmtpReplies() {
    }

    /** The end-of-data answer when the From header names someone the mailbox may not send as. */
    static String sendAsDenied(String mailbox, String from) {
        return "554 5.2.252 SendAsDenied; " + mailbox + " not allowed to send as " + from + "; STOREDRV.Submit; "
            + "message has been rejected";
    }

    /** @return what an armed SMTP fault does, in the web page's words */
    static String describe(Fault f) {
        return switch (f.kind()) {
            case THROTTLE -> TEMPORARY_FAILURE.substring(0, 9) + " after the data, message not accepted";
            case UNAVAILABLE -> SERVICE_UNAVAILABLE.substring(0, 9) + " after the data, then the connection closes";
            case RESET_BEFORE_ACCEPT -> "connection dropped after the data, message not accepted";
            case RESET_AFTER_ACCEPT -> "connection dropped after the data, message accepted";
            case LATENCY -> f.delay().toMillis() + " ms delay before the answer to the data";
            default -> f.describe();
        };
    }
}
