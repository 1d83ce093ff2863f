package io.graphmail.config;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds {@code mail.graph.*} keys graphmail does not know: a misspelt {@code mail.graph.endpont} would otherwise send
 * to the default endpoint without a word. Each is reported once per class loader with the closest known name;
 * with {@code mail.graph.strict=true} it is an error instead.
 */
final class UnknownKeys {

    /** Keys Jakarta Mail itself reads for any protocol (Service.connect, Session.getProvider). */
    private static final Set<String> JAKARTA_MAIL = Set.of("mail.graph.host", "mail.graph.port", "mail.graph.class");

    private static final System.Logger LOG = System.getLogger(GraphSettings.class.getName());
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private UnknownKeys() {
    }

    /**
     * @throws InvalidSettingException for the first unknown key when {@code strict}
     */
    static void check(Properties properties, boolean strict) {
        for (Object k : properties.keySet()) {
            if (!(k instanceof String)) continue;
            String key = (String) k;
            if (!key.startsWith(Setting.PREFIX) || Setting.forProperty(key).isPresent() || JAKARTA_MAIL.contains(key)) {
                continue;
            }
            String text = key + " is not a graphmail property" + suggestion(key) + "; the known ones are listed in"
                    + " README.md (Properties)";
            if (strict) {
                throw new InvalidSettingException(key, text + " (" + Setting.STRICT + "=true makes this an error)");
            }
            if (REPORTED.add(key)) {
                LOG.log(System.Logger.Level.WARNING, "graphmail: " + text + ". It is ignored; set "
                        + Setting.STRICT + "=true to make unknown keys an error");
            }
        }
    }

    /** Each unknown {@code mail.graph.*} key with the closest known name, for a report such as graphmail doctor. */
    static java.util.List<String> describe(Properties properties) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Object k : properties.keySet()) {
            if (k instanceof String key && key.startsWith(Setting.PREFIX) && Setting.forProperty(key).isEmpty()
                    && !JAKARTA_MAIL.contains(key)) {
                out.add(key + " is not a graphmail property" + suggestion(key));
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    private static String suggestion(String key) {
        Setting best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting s : Setting.values()) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), s.property());
            if (d < bestDistance) {
                bestDistance = d;
                best = s;
            }
        }
        return best != null && bestDistance <= Math.max(3, key.length() / 4) ? " (did you mean " + best + "?)" : "";
    }

    /** Levenshtein distance: how many letters to insert, delete or change to turn one name into the other. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(change, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
