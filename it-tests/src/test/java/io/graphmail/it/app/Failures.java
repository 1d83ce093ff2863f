package io.graphmail.it.app;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** How the test applications report a failed send: HTTP 500 with what the caller got, causes included. */
public final class Failures {

    private Failures() {
    }

    public static void report(HttpServletResponse resp, Throwable e) throws IOException {
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
