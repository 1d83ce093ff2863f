package io.graphmail.config;

import java.util.Locale;

/** Which wire carries a message to Exchange Online ({@code mail.graph.submit}). */
public enum Submit {
    /** Microsoft Graph's sendMail, drafts and upload sessions. */
    GRAPH,
    /** Exchange Online's SMTP AUTH submission endpoint, authenticated with XOAUTH2. */
    SMTP;

    public String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Submit parse(String value) {
        for (Submit s : values()) {
            if (s.propertyValue().equalsIgnoreCase(value.trim())) return s;
        }
        throw new InvalidSettingException(Setting.SUBMIT.property(), Setting.SUBMIT + "=" + value
                + " is not a wire: use graph (Microsoft Graph) or smtp (Exchange Online SMTP AUTH with XOAUTH2)");
    }
}
