package io.graphmail.config;

import java.util.Locale;

/** Loopback host names: the only places plain http may go. */
final class Loopback {

    private Loopback() {
    }

    static boolean is(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.matches("127(\\.\\d{1,3}){3}");
    }
}
