package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** An identity platform error, rendered in Microsoft's exact JSON shape (contract §6). */
final class AadError extends RuntimeException {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
        .withZone(ZoneOffset.UTC);

    private final int status;
    private final String error;
    private final int aadsts;

    AadError(int status, String error, int aadsts, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.aadsts = aadsts;
    }

    int status() {
        return status;
    }

    /** @return the OAuth error code, e.g. invalid_grant */
    String error() {
        return error;
    }

    /** @return the description as an error redirect carries it: {@code AADSTSnnn: message} */
    String redirectDescription() {
        return "AADSTS" + aadsts + ": " + getMessage();
    }

    /** @param traceId the x-ms-request-id of the answer, or null for a new one */
    ObjectNode body(String correlationId, String traceId) {
        Instant now = Instant.now();
        String trace = traceId != null ? traceId : UUID.randomUUID().toString();
        String correlation = correlationId != null ? correlationId : UUID.randomUUID().toString();
        String stamp = STAMP.format(now);
        ObjectNode o = Jwt.JSON.createObjectNode();
        o.put("error", error);
        o.put("error_description", "AADSTS" + aadsts + ": " + getMessage() + "\r\nTrace ID: " + trace
            + "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " + stamp);
        o.putArray("error_codes").add(aadsts);
        o.put("timestamp", stamp);
        o.put("trace_id", trace);
        o.put("correlation_id", correlation);
        o.put("error_uri", "https://login.microsoftonline.com/error?code=" + aadsts);
        return o;
    }
}
