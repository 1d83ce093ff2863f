package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A successful Graph answer, written by the router after the concurrency slot is released. */
record Reply(int status, JsonNode body, Map<String, String> headers) {
    static Reply empty(int status) {
        return new Reply(status, null, new LinkedHashMap<>());
    }

    static Reply json(int status, JsonNode body) {
        return new Reply(status, body, new LinkedHashMap<>());
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
