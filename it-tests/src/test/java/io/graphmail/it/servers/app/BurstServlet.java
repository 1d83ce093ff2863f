package io.graphmail.it.servers.app;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;

/**
 * {@code POST /burst?jndi=&threads=&sends=&from=}: that many container threads, each sending that many messages
 * through its own {@code getConnection()} on the administrator's factory at {@code jndi}; answers {@code sent=N}, or
 * 500 with the first failure.
 */
@WebServlet("/burst")
public class BurstServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            InitialContext jndi = new InitialContext();
            GraphMailConnectionFactory factory = (GraphMailConnectionFactory) jndi.lookup(req.getParameter("jndi"));
            ThreadFactory threads = threads(jndi);
            int threadCount = Integer.parseInt(req.getParameter("threads"));
            int sends = Integer.parseInt(req.getParameter("sends"));
            String from = req.getParameter("from");
            ExecutorService pool = Executors.newFixedThreadPool(threadCount, threads);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            try {
                List<Future<?>> all = new ArrayList<>();
                for (int t = 0; t < threadCount; t++) {
                    int thread = t;
                    all.add(pool.submit(() -> {
                        for (int i = 0; i < sends; i++) {
                            try {
                                send(factory, from, "burst " + thread + "-" + i);
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
            resp.setContentType("text/plain");
            resp.getWriter().print("sent=" + threadCount * sends);
        } catch (Exception | LinkageError e) {
            Reply.failure(resp, e);
        }
    }

    /**
     * The server's managed threads; TomEE 9.0.0 binds no {@code java:comp/DefaultManagedThreadFactory} for a WAR that
     * does not inject one (docs/tomee.md), and there the burst runs on plain threads, which graphmail's factory
     * serves all the same.
     */
    private static ThreadFactory threads(InitialContext jndi) throws javax.naming.NamingException {
        try {
            return (ManagedThreadFactory) jndi.lookup("java:comp/DefaultManagedThreadFactory");
        } catch (NameNotFoundException e) {
            return Executors.defaultThreadFactory();
        }
    }

    private static void send(GraphMailConnectionFactory factory, String from, String subject)
            throws MessagingException {
        try (GraphMailConnection c = factory.getConnection()) {
            MimeMessage m = new MimeMessage(factory.getSession());
            m.setFrom(new InternetAddress(from));
            m.setRecipients(Message.RecipientType.TO, "alice@contoso.example");
            m.setSubject(subject);
            m.setText("Sent in a burst.\r\n", "UTF-8");
            c.send(m);
        }
    }
}
