package io.graphmail.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * An app registration's delegated side: whether "Allow public client flows" is on (device code and authorization
 * code without a client secret), the redirect URIs registered for it, and the delegated permissions a user may grant
 * it (short names such as {@code Mail.Send} or {@code SMTP.Send}; see {@link DelegatedScopes} for the resource of each).
 *
 * @param publicClient whether public client flows are allowed
 * @param redirectUris registered redirect URIs; a loopback one ({@code http://localhost}, {@code http://127.0.0.1})
 *     matches any port, as the identity platform does
 * @param permissions delegated permissions the app may ask for
 */
public record DelegatedApp(boolean publicClient, List<String> redirectUris, Set<String> permissions) {
    /** An app with no delegated use at all: the default. */
    public static final DelegatedApp NONE = new DelegatedApp(false, List.of(), Set.of());

    /** Copies the lists. */
    public DelegatedApp {
        redirectUris = List.copyOf(redirectUris);
        permissions = Set.copyOf(new TreeSet<>(permissions));
    }

    /**
     * @param permissions delegated permissions
     * @return a public client with the loopback redirect {@code http://localhost} and those permissions
     */
    public static DelegatedApp publicClient(String... permissions) {
        return new DelegatedApp(true, List.of("http://localhost"), Set.of(permissions));
    }

    /**
     * Whether a redirect URI may receive codes: registered exactly, or loopback with any port when a loopback URI is
     * registered (or the app is a public client, whose loopback redirects need no registration in the sandbox).
     */
    boolean allowsRedirect(String uri) {
        if (uri == null || uri.isEmpty()) {
            return false;
        }
        if (redirectUris.contains(uri)) {
            return true;
        }
        String loopback = loopbackWithoutPort(uri);
        if (loopback == null) {
            return false;
        }
        return publicClient || redirectUris.stream().map(DelegatedApp::loopbackWithoutPort)
            .anyMatch(loopback::equals);
    }

    /** @return {@code http://localhost/path} or {@code http://127.0.0.1/path} without its port, or null */
    static String loopbackWithoutPort(String uri) {
        java.net.URI u;
        try {
            u = java.net.URI.create(uri);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
        if (!"http".equalsIgnoreCase(u.getScheme()) || !(host.equals("localhost") || host.equals("127.0.0.1"))
            || u.getRawQuery() != null || u.getRawFragment() != null) {
            return null;
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return "http://" + host + path;
    }
}
