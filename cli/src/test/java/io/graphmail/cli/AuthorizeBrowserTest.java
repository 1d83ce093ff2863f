package io.graphmail.cli;

import io.graphmail.auth.CachedSignIn;
import io.graphmail.auth.TokenCacheFile;
import io.graphmail.engine.MailerRegistry;
import io.graphmail.sandbox.Browser;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code graphmail authorize --browser} with a person at a real browser (Debian's headless Chromium): the address it
 * prints opens the sandbox's consent page, the user is picked and Accept pressed, the identity platform redirects to
 * graphmail's loopback listener, and the cache holds the sign-in; then a send as that user.
 */
class AuthorizeBrowserTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    @TempDir
    Path dir;

    @Test
    void theBrowserConsentSignsTheUserInAndTheySendAsThemselves() throws Exception {
        signInAndSend(AuthorizeTest.config(SANDBOX.get(), dir, "alice@contoso.example", "browser test"));
    }

    /** A confidential client (the app's secret configured): the code is redeemed, and refreshed, with the secret. */
    @Test
    void aConfidentialClientSignsInInTheBrowserToo() throws Exception {
        Path config = AuthorizeTest.config(SANDBOX.get(), dir, "alice@contoso.example", "browser test");
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(config)) {
            p.load(in);
        }
        p.setProperty("mail.graph.client.secret", io.graphmail.sandbox.SandboxConfig.DEMO_SECRET);
        try (var o = Files.newOutputStream(config)) {
            p.store(o, null);
        }
        signInAndSend(config);
    }

    private void signInAndSend(Path config) throws Exception {
        MailerRegistry.shared().closeAll();
        Sandbox sb = SANDBOX.get();

        CompletableFuture<String> address = new CompletableFuture<>();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        OutputStream watching = new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) {
                printed.write(b);
                if (b != '\n') {
                    line.append((char) b);
                } else {
                    if (line.toString().startsWith("https://")) address.complete(line.toString().trim());
                    line.setLength(0);
                }
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.run(
                List.of("authorize", "--config", config.toString(), "--browser", "--no-open", "--wait", "2"),
                new PrintStream(watching, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));

        ChromeDriver browser = Browser.start(Files.createDirectories(dir.resolve("downloads")),
                Files.createDirectories(dir.resolve("profile")));
        try {
            browser.get(address.get(60, TimeUnit.SECONDS));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.elementToBeClickable(By.id("accept")));
            new Select(browser.findElement(By.id("user"))).selectByValue("alice@contoso.example");
            browser.findElement(By.id("accept")).click();
            // the redirect lands on graphmail's own loopback page
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Signed in"));
        } finally {
            browser.quit();
        }
        assertEquals(0, exit.get(60, TimeUnit.SECONDS), printed + "\n" + err);
        CachedSignIn s = new TokenCacheFile(dir.resolve("tokens.bin"), "browser test").read();
        assertEquals("alice@contoso.example", s.username());

        AuthorizeTest.send(config, "after a browser sign-in");
        assertEquals(1, sb.messages().size());
        assertEquals("alice@contoso.example", sb.messages().get(0).mailbox());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("✓ signed in as alice@contoso.example"));
    }
}
