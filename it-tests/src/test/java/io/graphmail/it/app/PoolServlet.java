package io.graphmail.it.app;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
import io.graphmail.it.ItConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An application that uses the administrator's pool (asadmin, postboot.txt) by its JNDI name.
 * <ul>
 * <li>{@code POST /pool/send?to=&subject=}: one message through a pooled connection;</li>
 * <li>{@code POST /pool/load?threads=&sends=}: that many container threads, each sending that many messages, each
 * through its own {@code getConnection()}; answers with the number sent;</li>
 * <li>{@code POST /pool/hold?n=}: takes n connections at once and holds them, then tries for one more; answers
 * {@code held=<taken within 10 s> extra=<blocked|granted>}. With the pool's maximum of 4, {@code held=4 extra=blocked}
 * proves that every connection had gone back to the pool.</li>
 * </ul>
 */
@WebServlet("/pool/*")
public class PoolServlet extends HttpServlet {

    @Resource(lookup = ItConfig.POOL_JNDI)
    private GraphMailConnectionFactory pool;

    @Resource
    private ManagedThreadFactory threads;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String answer = switch (req.getPathInfo()) {
                case "/send" -> {
                    send(req.getParameter("to"), req.getParameter("subject"));
                    yield "sent";
                }
                case "/load" -> load(Integer.parseInt(req.getParameter("threads")),
                    Integer.parseInt(req.getParameter("sends")));
                case "/hold" -> hold(Integer.parseInt(req.getParameter("n")));
                default -> throw new IllegalArgumentException(req.getPathInfo());
            };
            resp.setContentType("text/plain");
            resp.getWriter().print(answer);
        } catch (Exception e) {
            Failures.report(resp, e);
        }
    }

    private void send(String to, String subject) throws MessagingException {
        try (GraphMailConnection c = pool.getConnection()) {
            MimeMessage m = new MimeMessage(pool.getSession());
            m.setFrom(new InternetAddress(ItConfig.POOL_MAILBOX));
            m.setRecipients(Message.RecipientType.TO, to);
            m.setSubject(subject);
            m.setText("Sent through the asadmin pool.\r\n", "UTF-8");
            c.send(m);
        }
    }

    private String load(int threadCount, int sends) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threadCount, threads);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                int thread = t;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < sends; i++) {
                        try {
                            send("alice@contoso.example", "load " + thread + "-" + i);
                        } catch (MessagingException | RuntimeException e) {
                            failures.add(thread + "-" + i + ": " + e);
                        }
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " sends failed, first: " + failures.peek());
        }
        return "sent=" + threadCount * sends;
    }

    private String hold(int n) throws Exception {
        ExecutorService holders = Executors.newFixedThreadPool(n + 1, threads);
        CountDownLatch taken = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < n; i++) {
                holders.submit(() -> {
                    try (GraphMailConnection c = pool.getConnection()) {
                        taken.countDown();
                        release.await();
                    }
                    return null;
                });
            }
            boolean all = taken.await(10, TimeUnit.SECONDS);
            long held = n - taken.getCount();
            Future<?> extra = holders.submit(() -> {
                try (GraphMailConnection c = pool.getConnection()) {
                    return null;
                }
            });
            String extraState;
            try {
                extra.get(2, TimeUnit.SECONDS);
                extraState = "granted";
            } catch (TimeoutException stillWaiting) {
                extraState = "blocked";
            }
            release.countDown();
            if (all) {
                extra.get(30, TimeUnit.SECONDS);  // once the others are back it must get one
            }
            return "held=" + held + " extra=" + extraState;
        } finally {
            release.countDown();
            holders.shutdown();
            holders.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
