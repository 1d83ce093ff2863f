package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;

/** A compact JWS: parsing, RS256 signing and RS256/PS256 verification. Nothing else of JOSE is needed here. */
record Jwt(JsonNode header, JsonNode claims, String signingInput, byte[] signature) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException when the text is not three base64url parts holding JSON objects */
    static Jwt parse(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS compact serialization");
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
                throw new IllegalArgumentException("JWT header and payload must be JSON objects");
            }
            return new Jwt(header, claims, parts[0] + "." + parts[1], Base64.getUrlDecoder().decode(parts[2]));
        } catch (IOException e) {
            throw new IllegalArgumentException("JWT parts are not JSON", e);
        }
    }

    static String signRs256(ObjectNode header, ObjectNode claims, PrivateKey key) {
        String input = b64(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
            + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return whether the signature is valid for alg RS256 or PS256 (any other alg: false) */
    boolean verify(PublicKey key) {
        String alg = header.path("alg").asText();
        try {
            Signature s;
            if ("RS256".equals(alg)) {
                s = Signature.getInstance("SHA256withRSA");
            } else if ("PS256".equals(alg)) {
                s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            } else {
                return false;
            }
            s.initVerify(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
