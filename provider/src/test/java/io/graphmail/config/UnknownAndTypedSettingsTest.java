package io.graphmail.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Misspelt keys are reported with the closest name, values are read as Angus reads them, URLs carry no path. */
class UnknownAndTypedSettingsTest {

    private static Properties base() {
        Properties p = new Properties();
        p.setProperty("mail.graph.tenant", "72f988bf-86f1-41af-91ab-2d7cd011db47");
        p.setProperty("mail.graph.client.id", "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f");
        p.setProperty("mail.graph.client.secret", "s3cret-value");
        return p;
    }

    @Test
    void aMisspeltKeyIsWarnedOnceNamingTheClosestProperty() {
        List<String> warnings = new ArrayList<>();
        Logger jul = Logger.getLogger(GraphSettings.class.getName());
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { warnings.add(r.getMessage()); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        jul.addHandler(h);
        try {
            Properties p = base();
            p.setProperty("mail.graph.endpont", "https://graph.microsoft.us");
            GraphSettings s = GraphSettings.from(p);
            GraphSettings.from(p);
            assertEquals("https://graph.microsoft.com", s.endpoint().toString(), "ignored, as the warning says");
            assertEquals(1, warnings.size(), "once: " + warnings);
            assertTrue(warnings.get(0).contains("mail.graph.endpont is not a graphmail property (did you mean"
                    + " mail.graph.endpoint?)"), warnings.get(0));
        } finally {
            jul.removeHandler(h);
        }
    }

    @Test
    void strictMakesAnUnknownKeyAnErrorThatNamesIt() {
        Properties p = base();
        p.setProperty("mail.graph.client.secert", "x");
        p.put("mail.graph.strict", Boolean.TRUE);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> GraphSettings.from(p));
        assertEquals("mail.graph.client.secert", e.property());
        assertTrue(e.getMessage().contains("did you mean mail.graph.client.secret?"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-value"));
    }

    @Test
    void jakartaMailsOwnKeysForTheProtocolAreNotUnknown() {
        Properties p = base();
        p.setProperty("mail.graph.host", "graph.example");
        p.setProperty("mail.graph.strict", "true");
        GraphSettings.from(p);
    }

    @Test
    void nonStringValuesAreReadAsAngusReadsThem() {
        Properties p = base();
        p.put("mail.graph.retries", 2);
        p.put("mail.graph.savetosentitems", Boolean.FALSE);
        p.put("mail.graph.maxsize", 1_000_000L);
        GraphSettings s = GraphSettings.from(p);
        assertEquals(2, s.retries());
        assertFalse(s.saveToSentItems());
        assertEquals(1_000_000L, s.maxSize());
        Properties other = base();
        other.put("mail.graph.retries", 3);
        assertEquals(3, SettingsCache.settings(other).retries(), "the cache tells non-String values apart");
        other.put("mail.graph.retries", 5);
        assertEquals(5, SettingsCache.settings(other).retries());
    }

    @Test
    void anEndpointWithVersionIsRefusedWithTheBaseUrlToUse() {
        Properties p = base();
        p.setProperty("mail.graph.endpoint", "https://graph.microsoft.com/v1.0");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> GraphSettings.from(p));
        assertEquals("mail.graph.endpoint", e.property());
        assertTrue(e.getMessage().contains("set the base URL only, mail.graph.endpoint=https://graph.microsoft.com"),
                e.getMessage());
    }

    @Test
    void anAuthorityWithTheTokenPathIsRefusedWithTheBaseUrlToUse() {
        Properties p = base();
        p.setProperty("mail.graph.authority",
                "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> GraphSettings.from(p));
        assertEquals("mail.graph.authority", e.property());
        assertTrue(e.getMessage().contains("mail.graph.authority=https://login.microsoftonline.com "), e.getMessage());
        assertTrue(e.getMessage().contains("the tenant comes from mail.graph.tenant"), e.getMessage());
    }

    @Test
    void closestNameDistance() {
        assertEquals(1, UnknownKeys.distance("mail.graph.endpont", "mail.graph.endpoint"));
        assertEquals(0, UnknownKeys.distance("a", "a"));
    }

    @Test
    void anOutboxSettingWithoutTheOutboxNamesWhatIsMissing() {
        Properties p = base();
        p.setProperty("mail.graph.outbox.maxage", "1d");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> GraphSettings.from(p));
        assertEquals("mail.graph.outbox.maxage", e.property());
        assertTrue(e.getMessage().contains("mail.graph.outbox is not"), e.getMessage());
    }
}
