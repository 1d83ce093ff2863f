package io.graphmail.config;

import java.util.Locale;

/** The Microsoft clouds and their identity platform and Graph hosts (docs/graph-behaviour.md §6.4). */
public enum Cloud {
    GLOBAL("https://login.microsoftonline.com", "https://graph.microsoft.com"),
    USGOV("https://login.microsoftonline.us", "https://graph.microsoft.us"),
    USGOVDOD("https://login.microsoftonline.us", "https://dod-graph.microsoft.us"),
    CHINA("https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn");

    private final String authority;
    private final String graph;

    Cloud(String authority, String graph) {
        this.authority = authority;
        this.graph = graph;
    }

    public String authority() {
        return authority;
    }

    public String graph() {
        return graph;
    }

    /**
     * Whether Graph offers attachment upload sessions here: not in the US Government L4 and L5 (DoD) clouds
     * (docs/graph-behaviour.md §2.3), so an attachment of 3 MB or more cannot be sent there through Graph.
     */
    public boolean uploadSessions() {
        return this == GLOBAL || this == CHINA;
    }

    /** The property value that selects this cloud. */
    public String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Cloud parse(String value) {
        for (Cloud c : values()) {
            if (c.propertyValue().equalsIgnoreCase(value.trim())) {
                return c;
            }
        }
        throw new InvalidSettingException(GraphSettings.CLOUD, GraphSettings.CLOUD + "=" + value
                + " is not a known cloud: use global, usgov, usgovdod or china");
    }
}
