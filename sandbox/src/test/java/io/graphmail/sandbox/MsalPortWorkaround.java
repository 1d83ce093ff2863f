package io.graphmail.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * MSAL4J finds no cached token when its authority has a port (docs/sandbox.md, "MSAL4J"),
 * so every call would ask the sandbox for a new token. Telling MSAL the host's aliases, as the sandbox's instance
 * discovery document lists them, lets its cache work; docs/sandbox.md tells users of MSAL4J and azure-identity so.
 */
public final class MsalPortWorkaround {
    private MsalPortWorkaround() {
    }

    /** @return the sandbox's instance discovery document, for MSAL's {@code aadInstanceDiscoveryResponse} */
    public static String instanceDiscoveryResponse(Sandbox sandbox) {
        HttpClient http = HttpClient.newBuilder().sslContext(sandbox.clientSslContext()).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.authorityUrl()
            + "/common/discovery/instance?api-version=1.1")).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("instance discovery answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
