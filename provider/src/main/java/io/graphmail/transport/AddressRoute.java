package io.graphmail.transport;

import jakarta.mail.Session;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;

/**
 * What the address maps on a class path say about rfc822 addresses, read the way Jakarta Mail reads them: every
 * {@code META-INF/jakarta.address.map} in class path order (only {@code javamail.address.map} where there is none),
 * the last entry winning. graphmail's own entry only wins where its jar comes after Angus Mail's, as in an application
 * server (the server's Jakarta Mail in a parent class loader, graphmail in the deployment's).
 */
final class AddressRoute {

    private static final System.Logger LOG = System.getLogger(AddressRoute.class.getName());
    private static final String[] MAPS = {"META-INF/jakarta.address.map", "META-INF/javamail.address.map"};
    private static final String[] DEFAULT_MAPS = {"META-INF/jakarta.default.address.map", "META-INF/javamail.default.address.map"};
    private static final Map<ClassLoader, String> FALLBACKS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<ClassLoader, Boolean> CHECKED = Collections.synchronizedMap(new WeakHashMap<>());

    private AddressRoute() {
    }

    /** The thread's context class loader, which Jakarta Mail reads its resources through. */
    static ClassLoader contextLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : AddressRoute.class.getClassLoader();
    }

    /** The protocol rfc822 maps to for sessions created with this class loader. */
    static String effective(ClassLoader cl) {
        String last = lastEntry(cl, MAPS[0], false);
        if (last == null) last = lastEntry(cl, MAPS[1], false);
        if (last == null) last = lastEntry(cl, DEFAULT_MAPS[0], false);
        return last == null ? "smtp" : last;
    }

    /** What rfc822 would map to without graphmail: the last other entry, else smtp. */
    static String fallback(ClassLoader cl) {
        return FALLBACKS.computeIfAbsent(cl, loader -> {
            for (String name : new String[]{MAPS[0], MAPS[1], DEFAULT_MAPS[0], DEFAULT_MAPS[1]}) {
                String v = lastEntry(loader, name, true);
                if (v != null) return v;
            }
            return "smtp";
        });
    }

    /**
     * Warns once per class loader when a session that chose graph would still send its static {@code Transport.send}
     * elsewhere: it sets {@code mail.transport.protocol=graph} but not {@code mail.transport.protocol.rfc822}, and the
     * address map read last does not route rfc822 to graph. Sessions that did not choose graph are none of its
     * business, so they never cause the warning.
     */
    static void warnIfShadowed(Session session, ClassLoader cl) {
        String chosen = session.getProperty("mail.transport.protocol");
        String explicit = session.getProperty("mail.transport.protocol.rfc822");
        if (!"graph".equalsIgnoreCase(chosen == null ? "" : chosen.trim()) || explicit != null) return;
        if (CHECKED.containsKey(cl)) return;   // looked at once per class loader: the maps do not change
        String protocol = effective(cl);
        if (CHECKED.putIfAbsent(cl, Boolean.TRUE) != null) return;
        if (RoutingTransport.PROTOCOL.equals(protocol) || "graph".equals(protocol)) return;
        LOG.log(System.Logger.Level.WARNING, "graphmail: a session sets mail.transport.protocol=graph, but on this"
                + " class path the address map read last maps rfc822 to " + protocol + " (Angus Mail's jar comes after"
                + " graphmail's), so its static Transport.send(msg) would use " + protocol + ", not graph. Add"
                + " mail.transport.protocol.rfc822=graph to the session, or put graphmail after angus-mail on the"
                + " class path.");
    }

    /** For tests: warn again as if nothing had been seen. */
    static void forgetWarnings() {
        CHECKED.clear();
    }

    private static String lastEntry(ClassLoader cl, String resource, boolean skipOurs) {
        String value = null;
        try {
            Enumeration<URL> urls = cl.getResources(resource);
            while (urls.hasMoreElements()) {
                Properties p = new Properties();
                try (InputStream in = urls.nextElement().openStream()) {
                    p.load(in);
                }
                String v = p.getProperty("rfc822");
                if (v != null && !(skipOurs && v.trim().equals(RoutingTransport.PROTOCOL))) {
                    value = v.trim();
                }
            }
        } catch (IOException unreadable) {
            // Jakarta Mail skips unreadable map files too
        }
        return value;
    }
}
