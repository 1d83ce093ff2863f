package io.graphmail.config;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mail.graph.auth, .tokencache and .submit: what each combination means, and the errors of the ones that make none. */
class SignInSettingsTest {

    private static Properties minimal() {
        Properties p = new Properties();
        p.setProperty("mail.graph.tenant", "contoso.onmicrosoft.com");
        p.setProperty("mail.graph.client.id", "11111111-2222-3333-4444-555555555555");
        return p;
    }

    private static Properties delegated() {
        Properties p = minimal();
        p.setProperty("mail.graph.auth", "delegated");
        p.setProperty("mail.graph.tokencache", "cache.bin");
        p.setProperty("mail.graph.tokencache.password", "correct horse");
        return p;
    }

    private static InvalidSettingException invalid(Properties p) {
        return assertThrows(InvalidSettingException.class, () -> GraphSettings.from(p));
    }

    @Test
    void applicationThroughGraphIsTheDefault() {
        GraphSettings s = GraphSettings.from(minimal());
        assertEquals(Auth.APPLICATION, s.signIn().auth());
        assertEquals(Submit.GRAPH, s.signIn().submit());
        assertEquals("https://graph.microsoft.com/.default", s.scope());
        assertNull(s.signIn().smtpHost());
        assertTrue(s.needsClientSecret(), "an application without a credential needs the password given to connect()");
    }

    @Test
    void delegatedAsksForMailSendAndIsAPublicClientWithoutACredential() {
        GraphSettings s = GraphSettings.from(delegated());
        assertEquals("https://graph.microsoft.com/Mail.Send", s.scope());
        assertFalse(s.needsClientSecret());
        assertTrue(s.signIn().tokenCache().isAbsolute());
        assertFalse(s.toString().contains("correct horse"), s.toString());
    }

    @Test
    void smtpScopesAndHostFollowTheSignInMode() {
        Properties app = minimal();
        app.setProperty("mail.graph.submit", "smtp");
        GraphSettings a = GraphSettings.from(app);
        assertEquals("https://outlook.office365.com/.default", a.scope());
        assertEquals("smtp.office365.com", a.signIn().smtpHost());
        assertEquals(587, a.signIn().smtpPort());

        Properties user = delegated();
        user.setProperty("mail.graph.submit", "SMTP");
        user.put("mail.graph.smtp.port", 2525);   // a non-String value, read as Angus reads it
        GraphSettings d = GraphSettings.from(user);
        assertEquals("https://outlook.office.com/SMTP.Send", d.scope());
        assertEquals(2525, d.signIn().smtpPort());
    }

    /** Servers set Jakarta Mail's boolean mail.<protocol>.auth on the sessions they define; seen on Payara and WildFly. */
    @Test
    void theBooleanAServerSetsAsMailGraphAuthMeansTheDefault() {
        for (Object flag : new Object[]{"true", "false", Boolean.TRUE}) {
            Properties p = minimal();
            p.put("mail.graph.auth", flag);
            assertEquals(Auth.APPLICATION, GraphSettings.from(p).signIn().auth(), String.valueOf(flag));
        }
    }

    @Test
    void delegatedWithoutACacheOrPasswordNamesWhatIsMissing() {
        Properties p = delegated();
        p.remove("mail.graph.tokencache");
        p.remove("mail.graph.tokencache.password");
        InvalidSettingException e = invalid(p);
        assertEquals("mail.graph.tokencache", e.property());
        assertTrue(e.getMessage().contains("graphmail authorize"), e.getMessage());

        Properties q = delegated();
        q.remove("mail.graph.tokencache.password");
        assertEquals("mail.graph.tokencache.password", invalid(q).property());
    }

    @Test
    void aPasswordFromAMissingEnvironmentVariableIsRefusedNamingIt() {
        Properties p = delegated();
        p.setProperty("mail.graph.tokencache.password", "env:GRAPHMAIL_TEST_SURELY_UNSET_VARIABLE");
        InvalidSettingException e = invalid(p);
        assertEquals("mail.graph.tokencache.password", e.property());
        assertTrue(e.getMessage().contains("GRAPHMAIL_TEST_SURELY_UNSET_VARIABLE"), e.getMessage());
    }

    @Test
    void settingsThatMeanNothingInTheChosenModeAreRefused() {
        Properties cacheWithoutDelegated = minimal();
        cacheWithoutDelegated.setProperty("mail.graph.tokencache", "cache.bin");
        assertEquals("mail.graph.tokencache", invalid(cacheWithoutDelegated).property());

        Properties hostWithoutSmtp = minimal();
        hostWithoutSmtp.setProperty("mail.graph.smtp.host", "smtp.office365.com");
        InvalidSettingException e = invalid(hostWithoutSmtp);
        assertEquals("mail.graph.smtp.host", e.property());
        assertTrue(e.getMessage().contains("mail.graph.submit=smtp"), e.getMessage());

        Properties noCopy = minimal();
        noCopy.setProperty("mail.graph.submit", "smtp");
        noCopy.setProperty("mail.graph.savetosentitems", "false");
        assertEquals("mail.graph.savetosentitems", invalid(noCopy).property());
    }

    @Test
    void badValuesNameTheirProperty() {
        Properties auth = minimal();
        auth.setProperty("mail.graph.auth", "user");
        InvalidSettingException a = invalid(auth);
        assertEquals("mail.graph.auth", a.property());
        assertTrue(a.getMessage().contains("application") && a.getMessage().contains("delegated"), a.getMessage());

        Properties wire = minimal();
        wire.setProperty("mail.graph.submit", "imap");
        assertEquals("mail.graph.submit", invalid(wire).property());

        Properties host = minimal();
        host.setProperty("mail.graph.submit", "smtp");
        host.setProperty("mail.graph.smtp.host", "smtp.office365.com:587");
        assertEquals("mail.graph.smtp.host", invalid(host).property());

        Properties port = minimal();
        port.setProperty("mail.graph.submit", "smtp");
        port.setProperty("mail.graph.smtp.port", "70000");
        assertEquals("mail.graph.smtp.port", invalid(port).property());
    }

    @Test
    void smtpOutsideTheGlobalCloudNeedsItsHostAndScopeSpelledOut() {
        Properties p = minimal();
        p.setProperty("mail.graph.cloud", "usgov");
        p.setProperty("mail.graph.submit", "smtp");
        assertEquals("mail.graph.smtp.host", invalid(p).property());
        p.setProperty("mail.graph.smtp.host", "smtp.example.us");
        assertEquals("mail.graph.scope", invalid(p).property());
        p.setProperty("mail.graph.scope", "https://outlook.example.us/.default");
        assertEquals("smtp.example.us", GraphSettings.from(p).signIn().smtpHost());
    }
}
