package io.graphmail.graph;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one ObjectMapper of the provider, created on first use: a small message sent as MIME reads no JSON, and
 * Jackson's databind (hundreds of classes) then costs nothing at start-up.
 */
public final class Json {

    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }
}
