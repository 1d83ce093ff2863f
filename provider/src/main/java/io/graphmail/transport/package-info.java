/**
 * The Jakarta Mail transport {@code graph}: {@link io.graphmail.transport.GraphTransport}, a thin adapter over the
 * send engine ({@link io.graphmail.engine.Mailer}).
 *
 * <p>Select it with {@code mail.transport.protocol=graph} (and, on a flat class path,
 * {@code mail.transport.protocol.rfc822=graph}). Values may be Strings or, as Angus Mail reads them, other objects
 * such as an {@code Integer} or a {@code Boolean}. An unknown {@code mail.graph.*} key is logged once with the
 * closest known name, or refused with {@code mail.graph.strict=true}. {@code mail.debug=true} prints each send on
 * the session's debug stream, never a token, secret or body.
 *
 * <table>
 * <caption>Session properties</caption>
 * <tr><th>property</th><th>meaning</th><th>default</th></tr>
 * <tr><td>{@code mail.graph.tenant}</td><td>directory (tenant) ID or a verified domain</td><td>required</td></tr>
 * <tr><td>{@code mail.graph.client.id}</td><td>application (client) ID</td><td>required</td></tr>
 * <tr><td>{@code mail.graph.client.secret}</td><td>the client secret's Value</td><td>the password given to <code>connect()</code> or by the Authenticator</td></tr>
 * <tr><td>{@code mail.graph.client.certificate}</td><td>PKCS#12 or PEM file with the certificate and its private key</td><td>—</td></tr>
 * <tr><td>{@code mail.graph.client.certificate.password}</td><td>its password</td><td>—</td></tr>
 * <tr><td>{@code mail.graph.client.assertion.file}</td><td>federated token file, re-read for every token request</td><td>—</td></tr>
 * <tr><td>{@code mail.graph.user}</td><td>mailbox to send through (UPN or object id); <code>mail.user</code> is read too</td><td>the message's From</td></tr>
 * <tr><td>{@code mail.graph.from.allowed}</td><td>comma list of addresses or <code>@domain</code>s a message may use as From</td><td>any</td></tr>
 * <tr><td>{@code mail.graph.cloud}</td><td><code>global</code>, <code>usgov</code>, <code>usgovdod</code> or <code>china</code></td><td><code>global</code></td></tr>
 * <tr><td>{@code mail.graph.authority}</td><td>identity platform base URL (no path)</td><td>per cloud</td></tr>
 * <tr><td>{@code mail.graph.endpoint}</td><td>Graph base URL (no path: graphmail adds <code>/v1.0</code>)</td><td>per cloud</td></tr>
 * <tr><td>{@code mail.graph.scope}</td><td>token scope</td><td><code>{endpoint}/.default</code></td></tr>
 * <tr><td>{@code mail.graph.savetosentitems}</td><td>keep a copy in Sent Items; <code>false</code> sends as Graph JSON (one request of at most 4 MB)</td><td><code>true</code></td></tr>
 * <tr><td>{@code mail.graph.connectiontimeout}</td><td>connect timeout, milliseconds</td><td><code>10000</code></td></tr>
 * <tr><td>{@code mail.graph.timeout}</td><td>timeout of one request, milliseconds</td><td><code>60000</code></td></tr>
 * <tr><td>{@code mail.graph.retries}</td><td>retries after 429 / 503 (Retry-After honoured, up to two minutes)</td><td><code>4</code></td></tr>
 * <tr><td>{@code mail.graph.concurrency}</td><td>requests in flight per mailbox</td><td><code>4</code></td></tr>
 * <tr><td>{@code mail.graph.maxsize}</td><td>largest message accepted, bytes (at most 157286400)</td><td><code>36700160</code></td></tr>
 * <tr><td>{@code mail.graph.ssl.truststore}</td><td>trust store to use instead of the JVM's</td><td>the JVM's</td></tr>
 * <tr><td>{@code mail.graph.ssl.truststore.password}</td><td>its password</td><td>—</td></tr>
 * <tr><td>{@code mail.graph.strict}</td><td><code>true</code>: an unknown <code>mail.graph.*</code> key is an error, not a warning</td><td><code>false</code></td></tr>
 * <tr><td>{@code mail.graph.auth}</td><td><code>application</code> or <code>delegated</code> (a user signed in once with <code>graphmail authorize</code>)</td><td><code>application</code></td></tr>
 * <tr><td>{@code mail.graph.tokencache}</td><td>delegated: the encrypted token cache file</td><td>—</td></tr>
 * <tr><td>{@code mail.graph.tokencache.password}</td><td>its password, or <code>env:NAME</code></td><td>—</td></tr>
 * <tr><td>{@code mail.graph.submit}</td><td><code>graph</code> or <code>smtp</code> (SMTP AUTH with XOAUTH2)</td><td><code>graph</code></td></tr>
 * <tr><td>{@code mail.graph.smtp.host}</td><td>SMTP submission host</td><td>per cloud</td></tr>
 * <tr><td>{@code mail.graph.smtp.port}</td><td>SMTP submission port (STARTTLS)</td><td><code>587</code></td></tr>
 * <tr><td>{@code mail.graph.outbox}</td><td><code>jdbc:</code> URL or DataSource JNDI name: sends are stored, then delivered in the background</td><td>—</td></tr>
 * <tr><td>{@code mail.graph.outbox.user}</td><td>database user for a <code>jdbc:</code> URL</td><td>—</td></tr>
 * <tr><td>{@code mail.graph.outbox.password}</td><td>its password</td><td>—</td></tr>
 * <tr><td>{@code mail.graph.outbox.table}</td><td>the outbox table</td><td><code>GRAPHMAIL_OUTBOX</code></td></tr>
 * <tr><td>{@code mail.graph.outbox.maxage}</td><td>a message not delivered within this long is failed</td><td><code>3d</code></td></tr>
 * <tr><td>{@code mail.graph.outbox.keep}</td><td>how long delivered rows are kept</td><td><code>7d</code></td></tr>
 * </table>
 *
 * <p>Failures a caller must handle: {@link jakarta.mail.AuthenticationFailedException} (credentials refused,
 * at {@code connect()} or later), {@link jakarta.mail.SendFailedException} (nothing was sent; the invalid and
 * valid-unsent addresses), {@link io.graphmail.api.UncertainDeliveryException} (Graph may have accepted the message:
 * check Sent Items before resending), and {@link jakarta.mail.MessagingException} naming the property at fault for
 * a bad configuration. {@link io.graphmail.engine.FailureKind#of(Throwable)} tells them apart.
 */
package io.graphmail.transport;
