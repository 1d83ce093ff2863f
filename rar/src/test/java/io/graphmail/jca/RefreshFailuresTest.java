package io.graphmail.jca;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.auth.TokenException;
import io.graphmail.config.GraphSettings;
import io.graphmail.config.InvalidSettingException;
import java.io.IOException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A failure is logged once per configuration: answers that differ only in their ids are the same failure. */
class RefreshFailuresTest {

    private static GraphSettings settings() throws InvalidSettingException {
        Properties p = new Properties();
        p.setProperty("mail.graph.tenant", "contoso.example");
        p.setProperty("mail.graph.client.id", "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f");
        p.setProperty("mail.graph.client.secret", "s");
        return GraphSettings.from(p);
    }

    @Test
    void theSameFailureWithOtherIdsIsNotLoggedAgainButADifferentOneIs() throws Exception {
        RefreshFailures f = new RefreshFailures(() -> 0L);
        GraphSettings s = settings();
        assertTrue(f.failed(s, new TokenException("AADSTS7000215: wrong [correlation-id 0f3c9a2b-1d4e-4f5a-8b6c-"
            + "7d8e9f0a1b2c]", "AADSTS7000215", true, null)));
        assertFalse(f.failed(s, new TokenException("AADSTS7000215: wrong [correlation-id 1a2b3c4d-1d4e-4f5a-8b6c-"
            + "7d8e9f0a1b2c]", "AADSTS7000215", true, null)));
        assertTrue(f.failed(s, new TokenException("AADSTS7000222: expired", "AADSTS7000222", true, null)));
        assertFalse(f.failed(s, new TokenException("AADSTS7000222: expired", "AADSTS7000222", true, null)));
        // without a code (the service was not reached) the text decides, its ids and times left out
        assertTrue(f.failed(s, new IOException("connect timed out, request 0f3c9a2b-1d4e-4f5a-8b6c-7d8e9f0a1b2c"
            + " at 2026-11-29T17:00:01.123Z")));
        assertFalse(f.failed(s, new IOException("connect timed out, request 9f3c9a2b-1d4e-4f5a-8b6c-7d8e9f0a1b2c"
            + " at 2026-11-29T17:01:02.456Z")));
        assertTrue(f.succeeded(s));
        assertFalse(f.succeeded(s));
    }
}
