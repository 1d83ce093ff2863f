package io.graphmail.config;

import java.util.Locale;

/** How graphmail signs in ({@code mail.graph.auth}). */
public enum Auth {
    /** As the application itself, with the client credentials grant: needs a credential and admin consent. */
    APPLICATION,
    /** As a user who signed in once through {@code graphmail authorize}; the refresh token lives in the token cache. */
    DELEGATED;

    public String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Auth parse(String value) {
        for (Auth a : values()) {
            if (a.propertyValue().equalsIgnoreCase(value.trim())) return a;
        }
        throw new InvalidSettingException(Setting.AUTH.property(), Setting.AUTH + "=" + value
                + " is not a sign-in mode: use application (client credentials) or delegated (a user signed in once"
                + " with graphmail authorize)");
    }
}
