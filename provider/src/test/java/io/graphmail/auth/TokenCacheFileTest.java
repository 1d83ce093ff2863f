package io.graphmail.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encrypted token cache file: what it keeps, who may read it, and several JVMs changing it at once. */
class TokenCacheFileTest {

    static final String SECRET_RT = "0.ARoA-refresh-token-that-must-never-show";

    static CachedSignIn signIn() {
        Instant t = Instant.parse("2026-12-03T10:00:00Z");
        return new CachedSignIn("11111111-2222-3333-4444-555555555555", "contoso.onmicrosoft.com",
                "https://login.microsoftonline.com", "adele@contoso.com", "uid.utid",
                "https://graph.microsoft.com/Mail.Send", SECRET_RT, t, t, 0);
    }

    @Test
    void keepsTheSignInEncryptedAndReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        TokenCacheFile f = new TokenCacheFile(dir.resolve("tokens.bin"), "correct horse");
        assertNull(f.read(), "no file yet: nobody signed in");
        f.update((current, store) -> {
            store.accept(signIn());
            return null;
        });
        CachedSignIn back = new TokenCacheFile(dir.resolve("tokens.bin"), "correct horse").read();
        assertEquals(signIn(), back);
        byte[] raw = Files.readAllBytes(dir.resolve("tokens.bin"));
        String text = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("refresh-token") || text.contains("adele"), "the file must be encrypted");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tokens.bin"))));
        assertFalse(back.toString().contains(SECRET_RT), back.toString());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("tokens.bin", "tokens.bin.lock"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void aWrongPasswordOrAForeignFileSaysSo(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("tokens.bin");
        new TokenCacheFile(p, "right").update((c, store) -> {
            store.accept(signIn());
            return null;
        });
        TokenException wrong = assertThrows(TokenException.class, () -> new TokenCacheFile(p, "wrong").read());
        assertTrue(wrong.getMessage().contains("mail.graph.tokencache.password"), wrong.getMessage());

        Path other = dir.resolve("notes.txt");
        Files.writeString(other, "just some text that is long enough to look like something");
        TokenException foreign = assertThrows(TokenException.class, () -> new TokenCacheFile(other, "x").read());
        assertTrue(foreign.getMessage().contains("not a graphmail token cache"), foreign.getMessage());
    }

    @Test
    void jvmsSharingTheFileNeverLoseAnUpdateNorTearTheFile(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("tokens.bin");
        new TokenCacheFile(p, "shared").update((c, store) -> {
            store.accept(signIn());
            return null;
        });
        int jvms = 3;
        int each = 25;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < jvms; i++) {
                children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        CacheWriterChild.class.getName(), p.toString(), "shared", String.valueOf(each))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("child" + i + ".log").toFile()).start());
            }
            // this JVM changes it at the same time, from two threads
            Thread[] threads = new Thread[2];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> CacheWriterChild.bump(p, "shared", each));
                threads[t].start();
            }
            for (Thread t : threads) t.join();
            for (Process c : children) {
                assertTrue(c.waitFor(120, TimeUnit.SECONDS), "a child JVM did not finish");
                assertEquals(0, c.exitValue(), "a child JVM failed: see its log in " + dir);
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
        CachedSignIn last = new TokenCacheFile(p, "shared").read();
        assertEquals((jvms + 2) * each, last.generation(), "every locked change must see the one before it");
        assertTrue(last.refreshToken().startsWith("rt-"), "the newest refresh token is the one kept");
    }
}
