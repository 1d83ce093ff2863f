package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code POST /users/{id}/sendMail} in its JSON and MIME forms (contract §1.1). */
final class SendMail {
    private static final List<String> PARAMETERS = List.of("Message", "SaveToSentItems");
    private final SandboxState state;

    SendMail(SandboxState state) {
        this.state = state;
    }

    Reply handle(GraphRequest request) {
        switch (request.mediaType()) {
            case "application/json" -> json(request);
            case "text/plain" -> {
                byte[] raw = decodeMime(request.body());
                MimeMessage message = MimeParts.parse(raw);
                Submission.accept(state, request, message, raw, true, "sendMail-mime");
            }
            default -> throw new GraphError(415, "UnsupportedMediaType", "Content-Type '" + request.mediaType()
                + "' is not supported: use application/json (message JSON) or text/plain (base64 MIME).");
        }
        return Reply.empty(202);
    }

    private void json(GraphRequest request) {
        Map<String, JsonNode> parameters = ActionParameters.read(request.json(), "sendMail", PARAMETERS);
        JsonNode message = parameters.get("Message");
        if (message == null || !message.isObject()) {
            throw GraphError.badRequest("ErrorInvalidParameter", "The value of the parameter 'Message' is empty.");
        }
        boolean save = saveToSentItems(parameters.get("SaveToSentItems"));
        JsonMessages.checkHeaderCollection(message, state.config());
        MimeMessage mime = JsonMessages.toMime(message, true);
        Submission.accept(state, request, mime, MimeParts.bytes(mime), save, "sendMail-json",
            new String(request.body(), StandardCharsets.UTF_8));
    }

    /** Boolean or, as in the docs' own example, the string "true"/"false" (contract §1.1). */
    static boolean saveToSentItems(JsonNode value) {
        if (value == null || value.isNull()) {
            return true;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual()) {
            String s = value.asText().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
        }
        throw GraphError.badRequest("RequestBodyRead", "Cannot convert the literal '" + value
            + "' to the expected type 'Edm.Boolean'.");
    }

    /**
     * The MIME arrives as one base64 string. Line breaks are accepted: Exchange decodes with .NET's
     * Convert.FromBase64String, which skips whitespace, and MIME encoders (76-column CRLF lines) are what most
     * clients use. Anything else outside the standard alphabet, or bad padding, fails as documented.
     */
    static byte[] decodeMime(byte[] body) {
        String text = new String(body, StandardCharsets.US_ASCII).replaceAll("[ \\t\\r\\n]", "");
        try {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw GraphError.badRequest("ErrorMimeContentInvalidBase64String", "Invalid base64 string for MIME content.");
        }
    }
}
