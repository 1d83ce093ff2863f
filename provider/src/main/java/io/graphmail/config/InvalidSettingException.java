package io.graphmail.config;

/**
 * A configuration property is missing or malformed. The message names the property, says what was expected and how
 * to fix it; it never contains a secret value.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;

    public InvalidSettingException(String property, String message) {
        super(message);
        this.property = property;
    }

    /** The property at fault, e.g. {@code mail.graph.tenant}. */
    public String property() {
        return property;
    }
}
