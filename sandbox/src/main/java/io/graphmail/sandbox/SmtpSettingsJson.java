package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * The {@code "smtp"} object of the configuration file, also what {@code POST /sandbox/admin/config/smtp} takes.
 * Strict like {@link ConfigJson}: every error names the field.
 */
final class SmtpSettingsJson {
    private static final Set<String> FIELDS = Set.of("port", "disabledForTenant", "disabledMailboxes",
        "mailboxPermissions", "maxRecipients", "minimumTokenLifetimeSeconds");
    private static final Set<String> GRANT = Set.of("app", "mailbox");

    private SmtpSettingsJson() {
    }

    static SmtpSettings parse(JsonNode node) throws IOException {
        if (node == null || !node.isObject()) {
            throw new IOException("sandbox config: smtp must be an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IOException("sandbox config: unknown field 'smtp." + name + "'");
            }
        }
        SmtpSettings.Builder b = SmtpSettings.builder();
        try {
            if (node.has("port")) {
                b.port(integer(node, "port"));
            }
            if (node.has("disabledForTenant")) {
                if (!node.get("disabledForTenant").isBoolean()) {
                    throw new IOException("sandbox config: smtp.disabledForTenant must be true or false");
                }
                b.disabledForTenant(node.get("disabledForTenant").asBoolean());
            }
            for (JsonNode m : array(node, "disabledMailboxes")) {
                if (!m.isTextual() || m.asText().isBlank()) {
                    throw new IOException("sandbox config: smtp.disabledMailboxes must hold addresses");
                }
                b.disabledMailbox(m.asText());
            }
            for (JsonNode g : array(node, "mailboxPermissions")) {
                for (Iterator<String> names = g.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!GRANT.contains(name)) {
                        throw new IOException("sandbox config: unknown field 'smtp.mailboxPermissions[]." + name + "'");
                    }
                }
                b.fullAccess(text(g, "app"), text(g, "mailbox"));
            }
            if (node.has("maxRecipients")) {
                b.maxRecipients(integer(node, "maxRecipients"));
            }
            if (node.has("minimumTokenLifetimeSeconds")) {
                b.minimumTokenLifetimeSeconds(integer(node, "minimumTokenLifetimeSeconds"));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("sandbox config: " + e.getMessage(), e);
        }
        return b.build();
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return java.util.List.of();
        }
        if (!v.isArray()) {
            throw new IOException("sandbox config: field 'smtp." + field + "' must be an array");
        }
        return v;
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IOException("sandbox config: field 'smtp.mailboxPermissions[]." + field
                + "' must be a non-empty string");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IOException("sandbox config: field 'smtp." + field + "' must be an integer");
        }
        return v.asInt();
    }
}
