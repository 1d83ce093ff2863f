package io.graphmail.cli;

import io.graphmail.sandbox.Sandbox;

import java.util.Properties;

/** The session properties that point the graph transport at an embedded sandbox's demo tenant. */
final class SandboxSettings {

    static final String TENANT = "2f4a9c1e-7b3d-4e8f-a6c2-5d9e0b1f3a7c";
    static final String CLIENT_ID = "8d3e6f1a-2b4c-4d5e-9f60-7a8b9c0d1e2f";
    static final String SECRET = "sandbox-secret-value";
    static final String MAILBOX = "sender@contoso.example";

    private SandboxSettings() {
    }

    static Properties properties(Sandbox sandbox) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "graph");
        p.setProperty("mail.graph.tenant", TENANT);
        p.setProperty("mail.graph.client.id", CLIENT_ID);
        p.setProperty("mail.graph.client.secret", SECRET);
        p.setProperty("mail.graph.user", MAILBOX);
        p.setProperty("mail.graph.authority", sandbox.authorityUrl());
        p.setProperty("mail.graph.endpoint", sandbox.graphUrl());
        p.setProperty("mail.graph.ssl.truststore", sandbox.truststore().toString());
        p.setProperty("mail.graph.ssl.truststore.password", sandbox.truststorePassword());
        return p;
    }
}
