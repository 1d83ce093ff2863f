package io.graphmail.auth;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the identity platform's AADSTS codes into what an administrator must change. The codes and their meaning are
 * in docs/graph-behaviour.md §6.3; the property names are graphmail's public configuration.
 */
final class AadstsAdvice {

    private static final Pattern CODE = Pattern.compile("AADSTS(\\d+)");

    private static final Map<String, String> ADVICE = Map.ofEntries(
            Map.entry("7000215", "the client secret is wrong: set mail.graph.client.secret to the secret's Value"
                    + " (shown only once, when it was created), not its Secret ID; if the value is lost, create a new"
                    + " secret under Certificates & secrets of the app registration"),
            Map.entry("7000222", "the client secret has expired: create a new one under Certificates & secrets of the"
                    + " app registration and put its Value in mail.graph.client.secret"),
            Map.entry("700016", "the tenant has no application with this client ID: check mail.graph.client.id (the"
                    + " Application (client) ID on the app registration's Overview page) and mail.graph.tenant"),
            Map.entry("90002", "the tenant was not found: check mail.graph.tenant (the Directory (tenant) ID) and"
                    + " mail.graph.cloud (a US Government or China tenant needs usgov, usgovdod or china)"),
            Map.entry("9001023", "mail.graph.tenant must name your tenant (its ID or a verified domain), not common or"
                    + " organizations, for an application to sign in as itself"),
            Map.entry("65001", "an administrator has not consented to the app's permissions: under API permissions,"
                    + " choose 'Grant admin consent' for the Mail.Send application permission"),
            Map.entry("70011", "the scope is invalid: remove mail.graph.scope to use the default, or set it to the"
                    + " Graph resource followed by /.default (e.g. https://graph.microsoft.com/.default)"),
            Map.entry("1002012", "the scope is invalid: remove mail.graph.scope to use the default, or set it to the"
                    + " Graph resource followed by /.default (e.g. https://graph.microsoft.com/.default)"),
            Map.entry("500011", "the resource in the scope does not exist in this tenant's cloud: check"
                    + " mail.graph.cloud, mail.graph.endpoint and mail.graph.scope"),
            Map.entry("700027", "the certificate's signature was not accepted: the certificate in"
                    + " mail.graph.client.certificate is not one uploaded under Certificates & secrets of this app"
                    + " registration (or it was removed there)"),
            Map.entry("700024", "the federated token in mail.graph.client.assertion.file has expired or is not yet"
                    + " valid: check that whatever writes the file renews it"),
            Map.entry("7000112", "the application is disabled in this tenant: an administrator must enable it under"
                    + " Enterprise applications"));

    private AadstsAdvice() {
    }

    /** The AADSTS code in a service message, e.g. {@code 7000215}, or null. */
    static String code(String text) {
        if (text == null) return null;
        Matcher m = CODE.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** What to fix for that code, or null when we have nothing better than the service's own description. */
    static String adviceFor(String code) {
        return code == null ? null : ADVICE.get(code);
    }

    /**
     * The advice, naming the property that actually decided the scope: {@code mail.graph.scope} when it is set, else
     * {@code mail.graph.endpoint}, from which the default scope is made.
     *
     * @param derivedScope the scope graphmail derived from the endpoint, or null when mail.graph.scope was set
     */
    static String adviceFor(String code, String derivedScope) {
        if (derivedScope != null && ("70011".equals(code) || "1002012".equals(code) || "500011".equals(code))) {
            return "the token scope " + derivedScope + " is made from mail.graph.endpoint, and the identity platform"
                    + " does not know that resource: set mail.graph.endpoint to the Graph base URL of your cloud"
                    + " (e.g. https://graph.microsoft.com), or remove it to use the default of mail.graph.cloud";
        }
        return adviceFor(code);
    }
}
