package io.graphmail.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Users and the delegated side of apps in the JSON configuration, and the clock and device code admin API. */
class DelegatedConfigTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    @Test
    void usersAndDelegatedAppFieldsAreRead() {
        SandboxConfig c = SandboxConfig.fromJson("""
            {"tenants": [{"id": "t1", "domains": ["fabrikam.example"]}],
             "apps": [{"clientId": "app1", "publicClient": true, "redirectUris": ["https://web.example/cb"],
                       "delegatedPermissions": ["Mail.Send", "SMTP.Send"]}],
             "mailboxes": ["ann@fabrikam.example"],
             "users": [{"upn": "Ann@Fabrikam.example", "displayName": "Ann"}]}
            """);
        DelegatedApp d = c.apps().get("app1").delegated();
        assertTrue(d.publicClient());
        assertEquals(Set.of("Mail.Send", "SMTP.Send"), d.permissions());
        assertTrue(d.allowsRedirect("https://web.example/cb"));
        assertTrue(d.allowsRedirect("http://localhost:40123"), "a public client may use any loopback port");
        assertFalse(d.allowsRedirect("https://web.example/other"));
        User ann = c.user("ann@fabrikam.example").orElseThrow();
        assertEquals("Ann", ann.displayName());
        assertEquals(ann, c.user(ann.objectId()).orElseThrow());
        assertEquals(GraphRouter.objectId("ann@fabrikam.example"), ann.objectId(), "the mailbox's object id");
    }

    @Test
    void appsWithoutDelegatedFieldsHaveNoDelegatedUse() {
        SandboxConfig c = SandboxConfig.fromJson("{\"tenants\": [{\"id\": \"t1\"}], \"apps\": [{\"clientId\": \"a\","
            + " \"secrets\": [\"s\"]}]}");
        assertEquals(DelegatedApp.NONE, c.apps().get("a").delegated());
        assertFalse(c.apps().get("a").delegated().allowsRedirect("http://localhost:1234"));
    }

    @Test
    void misspeltUserFieldIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SandboxConfig.fromJson(
            "{\"tenants\": [{\"id\": \"t1\"}], \"users\": [{\"upn\": \"a@b.example\", \"name\": \"A\"}]}"));
        assertTrue(e.getMessage().contains("users[].name"), e.getMessage());
    }

    @Test
    void clockAndPendingDeviceCodesThroughTheAdminApi() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        long before = SANDBOX.get().clock().offset().toSeconds();
        HttpResponse<String> advanced = c.admin("clock", "{\"advanceSeconds\": 120}");
        assertEquals(200, advanced.statusCode(), advanced.body());
        assertEquals(before + 120, TestClient.json(advanced).get("offsetSeconds").asLong());
        assertEquals(400, c.admin("clock", "{\"advanceSeconds\": -5}").statusCode());

        String userCode = c.deviceCode(TestClient.CLIENT, "Mail.Send").get("user_code").asText();
        HttpResponse<String> list = c.http.send(HttpRequest.newBuilder(URI.create(SANDBOX.get().baseUrl()
            + "/sandbox/admin/delegated/devicecodes")).build());
        assertTrue(list.body().contains(userCode), list.body());
        assertEquals(400, c.admin("delegated/approve", "{\"userCode\":\"" + userCode
            + "\",\"user\":\"nobody@contoso.example\"}").statusCode(), "not a user of the configuration");
        assertEquals(204, c.admin("delegated/decline", "{\"userCode\":\"" + userCode + "\"}").statusCode());
        assertEquals(400, c.admin("delegated/decline", "{\"userCode\":\"" + userCode + "\"}").statusCode());
    }
}
