package io.graphmail.it.servers.app;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** How the test applications report a failure: HTTP 500, the chain of causes first, then the stack trace. */
public final class Reply {

    private Reply() {
    }

    public static void failure(HttpServletResponse resp, Throwable e) throws IOException {
        resp.setStatus(500);
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        for (Throwable t = e; t != null; t = t.getCause()) {
            w.println((t == e ? "" : "caused by ") + t.getClass().getName() + ": " + t.getMessage());
        }
        w.println();
        e.printStackTrace(w);
    }
}
