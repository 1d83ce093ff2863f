package io.graphmail.config;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsCacheTest {

    private static Properties props(String secret) {
        Properties p = new Properties();
        p.setProperty("mail.graph.tenant", "contoso.onmicrosoft.com");
        p.setProperty("mail.graph.client.id", "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f");
        p.setProperty("mail.graph.client.secret", secret);
        p.setProperty("mail.smtp.host", "ignored.example");
        return p;
    }

    @Test
    void sameConfigurationIsParsedOnce() {
        GraphSettings first = SettingsCache.settings(props("cache-test-secret"));
        Properties other = props("cache-test-secret");
        other.setProperty("mail.smtp.host", "also-ignored.example");  // not a graph setting
        assertSame(first, SettingsCache.settings(other));
        assertNotSame(first, SettingsCache.settings(props("another-secret")));
    }

    @Test
    void invalidConfigurationIsReportedEveryTime() {
        Properties p = props("cache-test-secret");
        p.setProperty("mail.graph.retries", "lots");
        assertThrows(InvalidSettingException.class, () -> SettingsCache.settings(p));
        assertThrows(InvalidSettingException.class, () -> SettingsCache.settings(p));
    }
}
