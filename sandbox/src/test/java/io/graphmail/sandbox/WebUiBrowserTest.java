package io.graphmail.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser (Debian's headless Chromium through Selenium): what a developer sees when mail
 * arrives, opens it, reads its HTML body, downloads an attachment, and arms a fault from the service panel.
 */
class WebUiBrowserTest {
    static final String SENDER = "sender@contoso.example";
    static final byte[] PDF = random(30_000, 11);
    static final byte[] PNG = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        + "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    @TempDir
    static Path browserFiles;
    static ChromeDriver browser;
    private TestClient client;
    private WebDriverWait wait;

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

    @BeforeEach
    void open() {
        client = new TestClient(SANDBOX.get());
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(SANDBOX.get().baseUrl() + "/sandbox/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("empty")));
        viewport(1280, 800);
    }

    @AfterEach
    void forgetDownloads() throws Exception {
        try (var files = Files.list(browserFiles.resolve("downloads"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void aMessageSubmittedOverSmtpShowsHowItArrivedAndItsEnvelope() throws Exception {
        Sandbox sandbox = SANDBOX.get();
        SmtpTestClient smtp = new SmtpTestClient(sandbox);
        String token = client.token(TestClient.CLIENT, TestClient.SECRET, "https://outlook.office365.com/.default");
        try (org.eclipse.angus.mail.smtp.SMTPTransport t = smtp.authenticated(SENDER, token)) {
            SmtpTestClient.send(t, smtp.message(smtp.session(false, true), SENDER, "alice@contoso.example", null,
                "carol@fabrikam.example", "Sent over SMTP"));
        }
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages li"), 1));
        WebElement item = browser.findElement(By.cssSelector("#messages li"));
        assertTrue(item.getText().contains("SMTP"), item.getText());
        item.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("detail-subject"), "Sent over SMTP"));
        String envelope = browser.findElement(By.id("envelope")).getText();
        assertTrue(envelope.contains("Bcc (envelope only)"), envelope);
        assertTrue(envelope.contains("MAIL FROM\n" + SENDER), envelope);
        assertTrue(envelope.contains("RCPT TO\nalice@contoso.example, carol@fabrikam.example"), envelope);
    }

    @Test
    void messageAppearsWithoutReloadOpensAndItsAttachmentDownloads() throws Exception {
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
        String token = client.token();
        assertEquals(202, client.sendJson("shared@contoso.example", token, "{\"message\":{\"subject\":"
            + "\"Your password was changed\",\"body\":{\"contentType\":\"Text\",\"content\":\"If this was not you, "
            + "call us.\"},\"toRecipients\":[{\"emailAddress\":{\"address\":\"bob@contoso.example\"}}]},"
            + "\"saveToSentItems\":false}").statusCode());
        String draft = TestClient.json(client.graph("POST", "/v1.0/users/" + SENDER + "/messages", token,
            "application/json", ("{\"subject\":\"Site survey photos\",\"toRecipients\":[{\"emailAddress\":"
            + "{\"address\":\"alice@contoso.example\"}}]}").getBytes(StandardCharsets.UTF_8))).get("id").asText();
        assertEquals(202, client.graph("POST", "/v1.0/users/" + SENDER + "/messages/" + draft + "/send", token, null,
            null).statusCode());
        send("Quarterly report", "alice@contoso.example", "carol@fabrikam.example");

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages li"), 3));
        WebElement item = browser.findElement(By.cssSelector("#messages li"));   // newest first
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.notReloaded;"));
        assertTrue(item.getText().contains("Quarterly report"), item.getText());
        assertTrue(item.getText().contains(SENDER), item.getText());
        assertTrue(item.getText().contains("MIME"), item.getText());
        assertEquals("3", browser.findElement(By.id("count")).getText());
        String list = browser.findElement(By.id("messages")).getText();
        assertTrue(list.contains("JSON") && list.contains("DRAFT + UPLOAD"), list);
        screenshot("sandbox-list.png");

        item.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("detail-subject"), "Quarterly report"));
        String envelope = browser.findElement(By.id("envelope")).getText();
        assertTrue(envelope.contains("carol@fabrikam.example"), envelope);   // the Bcc Graph saw
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("html-frame")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Hello from the sandbox"));
        assertEquals("browser", browser.findElement(By.tagName("b")).getText());
        // the body's script is there but never ran: the frame is sandboxed
        assertNull(browser.findElement(By.tagName("body")).getAttribute("data-script-ran"));
        browser.switchTo().defaultContent();
        screenshot("sandbox-message.png");

        browser.findElement(By.cssSelector("a.attachment[data-index='0']")).click();
        Path downloaded = browserFiles.resolve("downloads").resolve("report.pdf");
        wait.until(d -> Files.exists(downloaded) && sizeOf(downloaded) == PDF.length);
        assertArrayEquals(PDF, Files.readAllBytes(downloaded));
    }

    @Test
    void searchFiltersAndDeleteRemovesWithoutReload() {
        send("Invoice 42", "alice@contoso.example", null);
        send("Welcome aboard", "bob@contoso.example", null);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages li"), 2));

        browser.findElement(By.id("search")).sendKeys("bob@");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages li"), 1));
        assertTrue(browser.findElement(By.cssSelector("#messages li")).getText().contains("Welcome aboard"));

        browser.findElement(By.cssSelector("#messages li button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("detail-subject"), "Welcome aboard"));
        browser.findElement(By.id("delete-one")).click();
        wait.until(d -> SANDBOX.get().messages().size() == 1);
        assertEquals("Invoice 42", SANDBOX.get().messages().get(0).subject());
        browser.findElement(By.id("search")).clear();
        browser.findElement(By.id("search")).sendKeys(" ");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages li"), 1));
    }

    @Test
    void keyboardMovesOpensAndClosesMessages() {
        send("Older", "alice@contoso.example", null);
        send("Newer", "bob@contoso.example", null);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#messages li"), 2));
        WebElement first = browser.findElement(By.cssSelector("#messages li button"));
        first.sendKeys(Keys.ARROW_DOWN);
        WebElement focused = browser.switchTo().activeElement();
        assertTrue(focused.getText().contains("Older"), focused.getText());
        focused.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("detail-subject"), "Older"));
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));
        browser.switchTo().activeElement().sendKeys("/");
        assertEquals("search", browser.switchTo().activeElement().getAttribute("id"));
    }

    @Test
    void narrowScreenShowsListOrMessage() throws Exception {
        viewport(390, 844);
        send("On a phone", "alice@contoso.example", null);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages li"))).findElement(
            By.tagName("button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("detail-subject"), "On a phone"));
        assertFalse(browser.findElement(By.cssSelector(".list-pane")).isDisplayed());
        assertTrue(browser.findElement(By.id("back")).isDisplayed());
        long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertEquals(0, overflow, "the page scrolls sideways at 390 px");
        screenshot("sandbox-narrow.png");
        browser.findElement(By.id("back")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".list-pane")));
    }

    @Test
    void serviceFormArmsAThrottleThatTheNextGraphRequestGets() throws Exception {
        browser.findElement(By.id("show-service")).click();
        new Select(browser.findElement(By.name("fault"))).selectByValue("throttle");
        WebElement retryAfter = browser.findElement(By.name("retryAfter"));
        retryAfter.clear();
        retryAfter.sendKeys("7");
        browser.findElement(By.cssSelector("#fault-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("faults"), "429"));
        assertEquals(1, SANDBOX.get().faults().queued());

        HttpResponse<String> r = client.sendMime(SENDER, client.token(),
            TestClient.simpleMime(SENDER, "bob@contoso.example", "throttled"));
        assertEquals(429, r.statusCode());
        assertEquals("7", r.headers().firstValue("Retry-After").orElse(null));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-faults")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("requests"), "429"));
        assertTrue(browser.findElement(By.id("counters")).getText().contains("Tokens issued"));
        screenshot("sandbox-service.png");
    }

    /** A message as graphmail sends it: MIME with text, HTML, an inline image and an attachment, Bcc kept. */
    private void send(String subject, String to, String bcc) {
        try {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom(SENDER);
            m.setRecipients(Message.RecipientType.TO, to);
            if (bcc != null) {
                m.setRecipients(Message.RecipientType.BCC, bcc);
            }
            m.setSubject(subject);
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("Hello from the sandbox, browser.", "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText("<h1>Hello from the sandbox</h1><p>Dear <b>browser</b>, the figures are attached.</p>"
                + "<p><img src=\"cid:chart\" alt=\"chart\" width=\"40\" height=\"40\"></p>"
                + "<script>document.body.setAttribute('data-script-ran', 'yes')</script>", "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternative);
            MimeBodyPart image = new MimeBodyPart();
            image.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(PNG, "image/png")));
            image.setContentID("<chart>");
            image.setDisposition(MimeBodyPart.INLINE);
            MimeMultipart related = new MimeMultipart("related");
            related.addBodyPart(body);
            related.addBodyPart(image);
            MimeBodyPart content = new MimeBodyPart();
            content.setContent(related);
            MimeBodyPart pdf = new MimeBodyPart();
            pdf.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(PDF, "application/pdf")));
            pdf.setFileName("report.pdf");
            pdf.setDisposition(MimeBodyPart.ATTACHMENT);
            MimeMultipart mixed = new MimeMultipart("mixed");
            mixed.addBodyPart(pdf);
            mixed.addBodyPart(content);
            m.setContent(mixed);
            m.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            HttpResponse<String> r = client.sendMime(SENDER, client.token(), out.toString(StandardCharsets.UTF_8));
            assertEquals(202, r.statusCode(), r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Sizes the window so that the page itself (not the window) is width x height. */
    private void viewport(int width, int height) {
        browser.manage().window().setSize(new Dimension(width, height));
        long innerHeight = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerHeight;");
        long innerWidth = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerWidth;");
        browser.manage().window().setSize(new Dimension(width + (int) (width - innerWidth),
            height + (int) (height - innerHeight)));
    }

    private void screenshot(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

}
