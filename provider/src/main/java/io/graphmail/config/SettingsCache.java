package io.graphmail.config;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses and validates each distinct configuration once: every {@code Transport.send} connects anew, and validation
 * touches the file system (certificate and trust store paths), which does not belong on every send.
 */
public final class SettingsCache {

    /** More distinct configurations than this in one class loader means something generates them: start over. */
    private static final int LIMIT = 64;
    private static final Map<Map<String, String>, GraphSettings> CACHE = new ConcurrentHashMap<>();

    private SettingsCache() {
    }

    /**
     * The settings for these session properties, validated on first sight.
     *
     * @throws InvalidSettingException naming the property at fault (never cached)
     */
    public static GraphSettings settings(Properties properties) {
        Map<String, String> key = new TreeMap<>();
        // every key, String or not (code may put an Integer), and those of the defaults chain
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(GraphSettings.PREFIX) || name.equals(GraphSettings.MAIL_USER)) {
                key.put(name, properties.getProperty(name));
            }
        }
        for (var e : properties.entrySet()) {
            if (e.getKey() instanceof String name && e.getValue() != null
                    && (name.startsWith(GraphSettings.PREFIX) || name.equals(GraphSettings.MAIL_USER))) {
                key.put(name, e.getValue().toString());
            }
        }
        GraphSettings cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        GraphSettings parsed = GraphSettings.from(properties);
        if (CACHE.size() >= LIMIT) {
            CACHE.clear();
        }
        CACHE.put(key, parsed);
        return parsed;
    }
}
