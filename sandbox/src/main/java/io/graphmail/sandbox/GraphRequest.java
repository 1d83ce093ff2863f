package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** One authenticated Graph call addressed to a mailbox: what the operation handlers get. */
record GraphRequest(HttpExchange exchange, String mailbox, String clientId, byte[] body, String mediaType) {

    /** Parses the body as JSON the way Graph complains when it cannot. */
    JsonNode json() {
        if (body.length == 0) {
            throw GraphError.badRequest("BadRequest", "Empty Payload. JSON content expected.");
        }
        try {
            JsonNode node = Jwt.JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw GraphError.badRequest("BadRequest", "Invalid JSON: the payload must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw GraphError.badRequest("BadRequest", "Unable to read JSON request payload. Please ensure "
                + "Content-Type header is set and payload is of valid JSON format.");
        }
    }
}
