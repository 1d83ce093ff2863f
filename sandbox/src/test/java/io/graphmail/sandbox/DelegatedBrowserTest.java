package io.graphmail.sandbox;

import static io.graphmail.sandbox.TestClient.simpleMime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.InteractiveRequestParameters;
import com.microsoft.aad.msal4j.OpenBrowserAction;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SystemBrowserOptions;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sign-in pages in a real browser (Debian's headless Chromium through Selenium): MSAL4J's interactive
 * authorization code flow with PKCE, its loopback listener receiving the code, and the device login page.
 */
class DelegatedBrowserTest {
    static final String SENDER = "sender@contoso.example";
    static final Set<String> SCOPES = Set.of("https://graph.microsoft.com/Mail.Send");

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    @TempDir
    static Path browserFiles;
    static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = Browser.start(Files.createDirectories(browserFiles.resolve("downloads")),
            Files.createDirectories(browserFiles.resolve("profile")));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    /** Picks the user on the consent page and presses Accept, as a person would. */
    private static List<String> consentAs(String upn) {
        WebElement accept = waiting().until(ExpectedConditions.elementToBeClickable(By.id("accept")));
        List<String> permissions = browser.findElements(By.cssSelector("#permissions li")).stream()
            .map(e -> e.getAttribute("data-permission")).toList();
        new Select(browser.findElement(By.id("user"))).selectByValue(upn);
        accept.click();
        return permissions;
    }

    @Test
    void msalInteractiveFlowThroughTheConsentPage() throws Exception {
        Sandbox s = SANDBOX.get();
        PublicClientApplication app = PublicClientApplication.builder(TestClient.CLIENT)
            .authority(s.authorityUrl() + "/" + TestClient.TENANT + "/")
            .aadInstanceDiscoveryResponse(MsalPortWorkaround.instanceDiscoveryResponse(s))
            .sslSocketFactory(s.clientSslContext().getSocketFactory())
            .build();
        List<String> shownPermissions = new CopyOnWriteArrayList<>();
        List<String> openedUrls = new CopyOnWriteArrayList<>();
        OpenBrowserAction driveBrowser = url -> {
            openedUrls.add(url.toString());
            browser.get(url.toString());
            shownPermissions.addAll(consentAs(SENDER));
        };
        InteractiveRequestParameters p = InteractiveRequestParameters.builder(new URI("http://localhost"))
            .scopes(SCOPES)
            .systemBrowserOptions(SystemBrowserOptions.builder().openBrowserAction(driveBrowser).build())
            .build();
        IAuthenticationResult r = app.acquireToken(p).get();

        assertEquals(1, openedUrls.size());
        assertTrue(openedUrls.get(0).contains("code_challenge_method=S256"), openedUrls.get(0));
        assertTrue(shownPermissions.containsAll(List.of("Mail.Send", "offline_access")), shownPermissions.toString());
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"),
            "Authentication complete"));
        assertEquals(SENDER, r.account().username());

        byte[] mime = Base64.getEncoder().encode(simpleMime(SENDER, "bob@contoso.example", "browser consent")
            .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> sent = new TestClient(s).graph("POST", "/v1.0/me/sendMail", r.accessToken(),
            "text/plain", mime);
        assertEquals(202, sent.statusCode(), sent.body());
        CapturedMessage m = s.messages().get(0);
        assertEquals(SENDER, m.mailbox());
        assertEquals("browser consent", m.subject());
    }

    @Test
    void deviceLoginPageTakesTheCodeAndSignsIn() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        JsonNode dc = c.deviceCode(TestClient.CLIENT, "https://graph.microsoft.com/Mail.Send offline_access");
        browser.get(dc.get("verification_uri").asText());
        WebElement otc = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("otc")));
        otc.sendKeys("WRONGCODE");
        browser.findElement(By.id("next")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        browser.findElement(By.id("otc")).sendKeys(dc.get("user_code").asText().toLowerCase());
        browser.findElement(By.id("next")).click();
        consentAs("alice@contoso.example");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("done")));

        HttpResponse<String> r = c.pollDeviceCode(TestClient.CLIENT, dc.get("device_code").asText());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("alice@contoso.example", DelegatedClient.claims(TestClient.json(r).get("access_token").asText())
            .get("upn").asText());
        assertTrue(URI.create(dc.get("verification_uri").asText()).getPath().equals("/devicelogin"));
    }
}
