package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of an OData action (sendMail, createUploadSession) read as Graph reads it: parameter names match
 * case-insensitively, so {@code "Message"} (Graph's metadata and Microsoft's SDKs) and {@code "message"} (the docs'
 * examples) are the same parameter (docs/sandbox.md, "Faithfulness"). A name given twice, or one the action does not
 * declare, fails the request as OData's reader does.
 */
final class ActionParameters {
    private ActionParameters() {
    }

    /**
     * @param body the JSON object sent
     * @param action the action's name, for error messages
     * @param declared the parameter names as the metadata spells them
     * @return the values present, keyed by the declared spelling
     */
    static Map<String, JsonNode> read(JsonNode body, String action, List<String> declared) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = declared.stream().filter(d -> d.equalsIgnoreCase(field.getKey())).findFirst()
                .orElseThrow(() -> GraphError.badRequest("RequestBodyRead", "The parameter '" + field.getKey()
                    + "' in the request payload is not a valid parameter for the operation '" + action + "'."));
            if (out.putIfAbsent(name, field.getValue()) != null) {
                throw GraphError.badRequest("RequestBodyRead", "Multiple parameters with the name '" + name
                    + "' were found in the request payload.");
            }
        }
        return out;
    }
}
