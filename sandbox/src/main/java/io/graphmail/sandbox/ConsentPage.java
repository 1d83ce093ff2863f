package io.graphmail.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * The HTML of the sign-in pages: who signs in (picked from the configured users: the sandbox has no passwords),
 * which permissions the app asks for, Accept or Cancel. Real forms, so a browser (and a test driving one) clicks
 * through them as through the identity platform's.
 */
final class ConsentPage {
    private static final Map<String, String> DESCRIPTIONS = Map.of(
        "Mail.Send", "Send mail as you",
        "Mail.Send.Shared", "Send mail on behalf of others or as others you have rights on",
        "Mail.ReadWrite", "Read and write access to your mail",
        "Mail.Read", "Read your mail",
        "User.Read", "Sign you in and read your profile",
        "SMTP.Send", "Send emails from mailboxes using SMTP AUTH");

    private ConsentPage() {
    }

    /**
     * @param action where the form posts
     * @param hidden fields the form carries back
     * @param users who may sign in
     * @param preselected the UPN selected at first (login_hint), or null
     */
    static String form(String action, Map<String, String> hidden, App app, DelegatedScopes scopes,
                       Collection<User> users, String preselected) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Permissions requested</h1>\n<p>The application <b id=\"app\">").append(esc(app.clientId()))
            .append("</b> wants to:</p>\n<ul id=\"permissions\">\n");
        for (String p : scopes.permissions()) {
            b.append("<li data-permission=\"").append(esc(p)).append("\"><b>").append(esc(p)).append("</b> &mdash; ")
                .append(esc(DESCRIPTIONS.getOrDefault(p, p))).append("</li>\n");
        }
        if (scopes.offlineAccess()) {
            b.append("<li data-permission=\"offline_access\"><b>offline_access</b> &mdash; Maintain access to data you"
                + " have given it access to</li>\n");
        }
        b.append("</ul>\n<form method=\"post\" action=\"").append(esc(action)).append("\">\n");
        hidden.forEach((k, v) -> b.append("<input type=\"hidden\" name=\"").append(esc(k)).append("\" value=\"")
            .append(esc(v)).append("\">\n"));
        b.append("<label for=\"user\">Sign in as</label>\n<select id=\"user\" name=\"user\">\n");
        for (User u : users) {
            b.append("<option value=\"").append(esc(u.upn())).append('"')
                .append(u.upn().equalsIgnoreCase(preselected == null ? "" : preselected) ? " selected" : "")
                .append('>').append(esc(u.displayName())).append(" (").append(esc(u.upn())).append(")</option>\n");
        }
        b.append("</select>\n<p>\n<button type=\"submit\" id=\"accept\" name=\"action\" value=\"accept\">Accept</button>\n"
            + "<button type=\"submit\" id=\"cancel\" name=\"action\" value=\"cancel\">Cancel</button>\n</p>\n</form>\n");
        return page("Sign in to the graphmail sandbox", b.toString());
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n"
            + "<style>body{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em}"
            + "button{margin-right:1em;padding:.4em 1.2em}.error{color:#a4262c}</style></head>\n<body>\n"
            + "<p><small>graphmail sandbox &mdash; identity platform stand-in</small></p>\n" + body + "</body></html>\n";
    }

    static void send(HttpExchange ex, int status, String html) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        Http.send(ex, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    static String esc(String s) {
        return Http.escapeHtml(s);
    }
}
