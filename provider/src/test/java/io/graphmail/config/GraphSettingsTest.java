package io.graphmail.config;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphSettingsTest {

    private static Properties minimal() {
        Properties p = new Properties();
        p.setProperty("mail.graph.tenant", "2f4a9c1e-7b3d-4e8f-a6c2-5d9e0b1f3a7c");
        p.setProperty("mail.graph.client.id", "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f");
        p.setProperty("mail.graph.client.secret", "s3cr3t-value");
        return p;
    }

    private static InvalidSettingException invalid(Properties p) {
        return assertThrows(InvalidSettingException.class, () -> GraphSettings.from(p));
    }

    @Test
    void defaultsFollowTheGlobalCloud() {
        GraphSettings s = GraphSettings.from(minimal());
        assertEquals("https://login.microsoftonline.com", s.authority().toString());
        assertEquals("https://graph.microsoft.com", s.endpoint().toString());
        assertEquals("https://graph.microsoft.com/.default", s.scope());
        assertEquals(4, s.retries());
        assertEquals(4, s.concurrency());
        assertEquals(36_700_160L, s.maxSize());
        assertEquals(10_000, s.connectionTimeoutMillis());
        assertEquals(60_000, s.timeoutMillis());
        assertTrue(s.saveToSentItems());
        assertTrue(s.fromAllowed().allowsAny());
    }

    @Test
    void cloudSelectsItsHosts() {
        Properties p = minimal();
        p.setProperty("mail.graph.cloud", "usgovdod");
        GraphSettings s = GraphSettings.from(p);
        assertEquals("https://login.microsoftonline.us", s.authority().toString());
        assertEquals("https://dod-graph.microsoft.us/.default", s.scope());
        p.setProperty("mail.graph.cloud", "mars");
        InvalidSettingException e = invalid(p);
        assertEquals("mail.graph.cloud", e.property());
        assertTrue(e.getMessage().contains("global, usgov, usgovdod or china"), e.getMessage());
    }

    @Test
    void missingTenantNamesTheProperty() {
        Properties p = minimal();
        p.remove("mail.graph.tenant");
        InvalidSettingException e = invalid(p);
        assertEquals("mail.graph.tenant", e.property());
        assertTrue(e.getMessage().startsWith("mail.graph.tenant is missing"), e.getMessage());
    }

    @Test
    void commonTenantIsRefusedWithTheReason() {
        Properties p = minimal();
        p.setProperty("mail.graph.tenant", "common");
        assertTrue(invalid(p).getMessage().contains("cannot be used to send as an application"));
    }

    @Test
    void clientIdMustBeAGuid() {
        Properties p = minimal();
        p.setProperty("mail.graph.client.id", "my-app");
        InvalidSettingException e = invalid(p);
        assertEquals("mail.graph.client.id", e.property());
        assertTrue(e.getMessage().contains("Application (client) ID"), e.getMessage());
    }

    @Test
    void malformedNumbersAndBooleansNameTheProperty() {
        Properties p = minimal();
        p.setProperty("mail.graph.retries", "many");
        assertEquals("mail.graph.retries", invalid(p).property());
        p = minimal();
        p.setProperty("mail.graph.concurrency", "0");
        assertTrue(invalid(p).getMessage().contains("out of range"));
        p = minimal();
        p.setProperty("mail.graph.maxsize", String.valueOf(200L * 1024 * 1024));
        assertEquals("mail.graph.maxsize", invalid(p).property());
        p = minimal();
        p.setProperty("mail.graph.savetosentitems", "yes");
        assertEquals("mail.graph.savetosentitems", invalid(p).property());
    }

    @Test
    void saveToSentItemsIsTrueFalseInAnyCaseOrAnErrorNamingIt() {
        Properties p = minimal();
        p.setProperty("mail.graph.savetosentitems", "false");
        assertFalse(GraphSettings.from(p).saveToSentItems());
        p.setProperty("mail.graph.savetosentitems", " FALSE ");
        assertFalse(GraphSettings.from(p).saveToSentItems());
        p.setProperty("mail.graph.savetosentitems", "True");
        assertTrue(GraphSettings.from(p).saveToSentItems());
        p.setProperty("mail.graph.savetosentitems", "");
        assertTrue(GraphSettings.from(p).saveToSentItems(), "empty counts as unset: the default, true");
        p.setProperty("mail.graph.savetosentitems", "0");
        InvalidSettingException e = invalid(p);
        assertEquals("mail.graph.savetosentitems", e.property());
        assertTrue(e.getMessage().contains("mail.graph.savetosentitems=0") && e.getMessage().contains("true or false"),
                e.getMessage());
        p.setProperty("mail.graph.savetosentitems", "false");
        assertNotEquals(GraphSettings.from(minimal()), GraphSettings.from(p),
                "a session without Sent Items copies must not share a configuration with one that keeps them");
    }

    @Test
    void plainHttpOnlyToLoopback() {
        Properties p = minimal();
        p.setProperty("mail.graph.endpoint", "http://graph.example.com");
        assertTrue(invalid(p).getMessage().contains("plain http"));
        p.setProperty("mail.graph.endpoint", "http://127.0.0.1:8080/");
        assertEquals("http://127.0.0.1:8080", GraphSettings.from(p).endpoint().toString());
        p.setProperty("mail.graph.authority", "http://127.0.0.1:8080");
        assertEquals("mail.graph.authority", invalid(p).property());
    }

    @Test
    void onlyOneCredential() {
        Properties p = minimal();
        p.setProperty("mail.graph.client.certificate", "pom.xml");
        assertTrue(invalid(p).getMessage().contains("set only one of"));
    }

    @Test
    void missingCertificateFileIsNamed() {
        Properties p = minimal();
        p.remove("mail.graph.client.secret");
        p.setProperty("mail.graph.client.certificate", "/no/such/cert.p12");
        InvalidSettingException e = invalid(p);
        assertEquals("mail.graph.client.certificate", e.property());
        assertTrue(e.getMessage().contains("no readable file"));
    }

    @Test
    void fromPolicyTakesAddressesAndDomains() {
        Properties p = minimal();
        p.setProperty("mail.graph.from.allowed", "News@Contoso.com, @fabrikam.com");
        FromPolicy f = GraphSettings.from(p).fromAllowed();
        assertTrue(f.allows("news@contoso.com"));
        assertTrue(f.allows("anyone@FABRIKAM.com"));
        assertFalse(f.allows("other@contoso.com"));
        p.setProperty("mail.graph.from.allowed", "contoso");
        assertEquals("mail.graph.from.allowed", invalid(p).property());
    }

    @Test
    void secretsNeverAppearInToString() {
        GraphSettings s = GraphSettings.from(minimal());
        assertFalse(s.toString().contains("s3cr3t-value"), s.toString());
    }

    @Test
    void equalConfigurationsAreEqualAndSecretsCount() {
        assertEquals(GraphSettings.from(minimal()), GraphSettings.from(minimal()));
        assertEquals(GraphSettings.from(minimal()).hashCode(), GraphSettings.from(minimal()).hashCode());
        Properties other = minimal();
        other.setProperty("mail.graph.client.secret", "another");
        assertNotEquals(GraphSettings.from(minimal()), GraphSettings.from(other));
    }

    @Test
    void mailUserIsTheFallbackMailbox() {
        Properties p = minimal();
        p.setProperty("mail.user", "shared@contoso.com");
        assertEquals("shared@contoso.com", GraphSettings.from(p).user());
        p.setProperty("mail.graph.user", "sender@contoso.com");
        assertEquals("sender@contoso.com", GraphSettings.from(p).user());
    }
}
