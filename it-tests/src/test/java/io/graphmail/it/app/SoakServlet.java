package io.graphmail.it.app;

import io.graphmail.api.GraphMailConnection;
import io.graphmail.api.GraphMailConnectionFactory;
import io.graphmail.it.ItConfig;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;

/**
 * The soak's application: many threads sending on commit through the resource adapter into an outbox on the
 * application's DataSource, and what the server can tell about itself afterwards.
 * <ul>
 * <li>{@code POST /soak?op=send&threads=T&messages=N&prefix=P}: T managed threads store N messages between them, each
 *     send in its own JTA transaction through its own pooled connection, subjects {@code P t-i}; answers
 *     {@code stored=N}, or 500 with the first failure.</li>
 * <li>{@code op=stats}: one {@code key=value} a line: {@code heapUsed} (bytes, after a full GC), {@code connections}
 *     (sessions open on the outbox's database: the pool's physical connections), the outbox rows by state
 *     ({@code rows.sent}...), and graphmail's JMX counters ({@code jmx.Stored}, {@code jmx.Sent}...).</li>
 * <li>{@code op=rows}: the outbox rows by state only.</li>
 * <li>{@code op=borrow-all}: takes every connection both pools may give at once (a leaked one could not be given
 *     again), lets them go, answers {@code database=N adapter=M}.</li>
 * <li>{@code op=purge-sent}: deletes the delivered rows (the table lives in this JVM's heap), answers how many.</li>
 * </ul>
 */
@DataSourceDefinition(
    name = "java:global/jdbc/graphmail-soak",
    className = "org.h2.jdbcx.JdbcDataSource",
    url = "jdbc:h2:mem:graphmail-soak;DB_CLOSE_DELAY=-1",
    user = "sa",
    password = "",
    minPoolSize = 0,
    maxPoolSize = SoakServlet.POOL)
@ConnectionFactoryDefinition(
    name = "java:app/graphmail/soak",
    interfaceName = "io.graphmail.api.GraphMailConnectionFactory",
    resourceAdapter = ItConfig.ADAPTER,
    transactionSupport = TransactionSupportLevel.NoTransaction,
    maxPoolSize = SoakServlet.POOL,
    minPoolSize = 0,
    properties = {
        "TenantId=" + ItConfig.TENANT,
        "ClientId=" + ItConfig.CLIENT_ID,
        "ClientSecret=" + ItConfig.SECRET,
        "AuthorityUrl=" + ItConfig.SANDBOX_URL,
        "GraphUrl=" + ItConfig.SANDBOX_URL,
        "TrustStore=" + ItConfig.TRUSTSTORE,
        "TrustStorePassword=changeit",
        "Outbox=java:global/jdbc/graphmail-soak"
    })
@WebServlet("/soak")
public class SoakServlet extends HttpServlet {

    /** The largest size of both pools, the DataSource's and the adapter's. */
    public static final int POOL = 64;

    @Resource(lookup = "java:app/graphmail/soak")
    private GraphMailConnectionFactory factory;

    @Resource(lookup = "java:global/jdbc/graphmail-soak")
    private DataSource database;

    @Resource
    private UserTransaction transaction;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    private ManagedThreadFactory threads;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String answer = switch (req.getParameter("op")) {
                case "send" -> send(Integer.parseInt(req.getParameter("threads")),
                        Integer.parseInt(req.getParameter("messages")), req.getParameter("prefix"));
                case "stats" -> stats();
                case "rows" -> format(rows(new TreeMap<>()));
                case "borrow-all" -> borrowAll();
                case "purge-sent" -> purgeSent();
                default -> throw new IllegalArgumentException("op is send, stats, rows, borrow-all or purge-sent");
            };
            resp.setContentType("text/plain");
            resp.getWriter().print(answer);
        } catch (Exception e) {
            Failures.report(resp, e);
        }
    }

    private String send(int threadCount, int messages, String prefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threadCount, threads);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                int thread = t;
                all.add(pool.submit(() -> {
                    Session session = factory.getSession();   // one per thread, as a mail-sending service keeps one
                    for (int i = thread; i < messages; i += threadCount) {
                        try {
                            sendOnCommit(session, prefix + " " + thread + "-" + i);
                        } catch (Exception e) {
                            failures.add(prefix + " " + thread + "-" + i + ": " + e);
                        }
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " sends failed, first: " + failures.peek());
        }
        return "stored=" + messages;
    }

    private void sendOnCommit(Session session, String subject) throws Exception {
        transaction.begin();
        boolean done = false;
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("sender@contoso.example"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@contoso.example"));
            m.setSubject(subject);
            m.setText("Soak: stored on commit, sent by the adapter's outbox sender.\r\n", "UTF-8");
            try (GraphMailConnection c = factory.getConnection()) {
                c.send(m);
            }
            done = true;
        } finally {
            if (done) {
                transaction.commit();
            } else {
                transaction.rollback();
            }
        }
    }

    private String stats() throws Exception {
        Map<String, Object> out = new TreeMap<>();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {   // the least of three full collections: what is really held
            memory.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        out.put("heapUsed", least);
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            r.next();
            out.put("connections", r.getLong(1));
        }
        rows(out);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName n : jmx.queryNames(new ObjectName("io.graphmail:type=Mailer,*"), null)) {
            for (String attribute : List.of("Stored", "Sent", "Refused", "Uncertain", "Queued", "Failed")) {
                Object v = jmx.getAttribute(n, attribute);
                out.merge("jmx." + attribute, v, (a, b) -> (Long) a + (Long) b);
            }
        }
        return format(out);
    }

    /** The outbox's rows by state, as {@code rows.<state>}. */
    private Map<String, Object> rows(Map<String, Object> out) throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT state, COUNT(*) FROM GRAPHMAIL_OUTBOX GROUP BY state")) {
            while (r.next()) {
                out.put("rows." + r.getString(1), r.getLong(2));
            }
        }
        return out;
    }

    private static String format(Map<String, Object> figures) {
        StringBuilder text = new StringBuilder();
        figures.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    private String borrowAll() throws Exception {
        List<AutoCloseable> held = new ArrayList<>();
        int databaseConnections = 0;
        int adapterConnections = 0;
        try {
            for (int i = 0; i < POOL; i++) {
                held.add(database.getConnection());
                databaseConnections++;
            }
            for (int i = 0; i < POOL; i++) {
                held.add(factory.getConnection());
                adapterConnections++;
            }
        } finally {
            for (AutoCloseable c : held) {
                c.close();
            }
        }
        return "database=" + databaseConnections + "\nadapter=" + adapterConnections + "\n";
    }

    private String purgeSent() throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            return "purged=" + s.executeUpdate("DELETE FROM GRAPHMAIL_OUTBOX WHERE state = 'sent'");
        }
    }
}
