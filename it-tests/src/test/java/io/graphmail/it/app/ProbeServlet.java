package io.graphmail.it.app;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stays deployed while the test deploys and undeploys other things, and looks at the server's threads.
 * <ul>
 * <li>{@code POST /probe/deploy?name=}: deploys the application packed in this WAR as WEB-INF/{name}.war;</li>
 * <li>{@code POST /probe/undeploy?name=}: undeploys an application or the resource adapter;</li>
 * <li>{@code POST /probe/threads?waitSeconds=}: the threads that belong to graphmail, one per line, or "none".
 * With a wait, it collects garbage and looks again until none is left or the time is up — on Java 17 the JDK HTTP
 * client's selector thread ends only once the client is unreachable.</li>
 * </ul>
 * Payara Micro's runtime is reached by reflection: it lives in the launcher, which a WAR does not compile against.
 */
@WebServlet("/probe/*")
public class ProbeServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String name = req.getParameter("name");
            String answer = switch (req.getPathInfo()) {
                case "/deploy" -> {
                    try (InputStream war = getServletContext().getResourceAsStream("/WEB-INF/" + name + ".war")) {
                        Object ok = runtime().getClass().getMethod("deploy", String.class, String.class,
                            InputStream.class).invoke(runtime(), name, name, war);
                        yield "deployed=" + ok;
                    }
                }
                case "/undeploy" -> {
                    runtime().getClass().getMethod("undeploy", String.class).invoke(runtime(), name);
                    yield "deployed now: " + runtime().getClass().getMethod("getDeployedApplicationNames")
                        .invoke(runtime());
                }
                case "/threads" -> threads(Integer.parseInt(req.getParameter("waitSeconds")));
                default -> throw new IllegalArgumentException(req.getPathInfo());
            };
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().print(answer);
        } catch (Exception e) {
            Failures.report(resp, e);
        }
    }

    private static Object runtime() throws ReflectiveOperationException {
        Object micro = Class.forName("fish.payara.micro.PayaraMicro").getMethod("getInstance").invoke(null);
        return micro.getClass().getMethod("getRuntime").invoke(micro);
    }

    private static String threads(int waitSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        List<String> found = graphmailThreads();
        while (!found.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(500);
            found = graphmailThreads();
        }
        return found.isEmpty() ? "none" : String.join("\n", found);
    }

    /**
     * Threads graphmail started: its own are named graphmail-*, the JDK's HTTP client names its threads HttpClient-*
     * (nothing in Payara Micro uses that client), and any thread of a class the adapter loaded. Not counted: Payara's
     * own "RA Shutdown" thread, which stops the adapter and keeps the adapter's class loader as its context class
     * loader afterwards — the server's thread, not one graphmail could end.
     */
    private static List<String> graphmailThreads() {
        Set<Thread> all = Thread.getAllStackTraces().keySet();
        return all.stream()
            .filter(t -> t.getName().startsWith("graphmail") || t.getName().startsWith("HttpClient-")
                || String.valueOf(t.getClass().getClassLoader()).contains("/graphmail-provider-")
                || String.valueOf(t.getClass().getClassLoader()).contains("/graphmail-rar-"))
            .map(t -> t.getName() + " (" + t.getClass().getName() + ")")
            .sorted()
            .collect(Collectors.toList());
    }
}
