package io.graphmail.graph;

import io.graphmail.auth.AccessToken;
import io.graphmail.auth.TokenException;
import io.graphmail.auth.TokenSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Calls Microsoft Graph v1.0 for one app registration: adds the bearer token, keeps to the per-mailbox concurrency
 * limit, waits out throttling (429/503 with Retry-After), and replaces a token Graph rejects (one refresh, one retry).
 *
 * <p>It never resends a request whose fate is unknown (timeout after sending, reset, 504): Graph may have accepted
 * it, and a blind resend is how peers deliver duplicates.
 */
public final class GraphClient {

    private static final System.Logger LOG = System.getLogger(GraphClient.class.getName());

    private final URI endpoint;
    private final Exchange exchange;
    private final TokenSource tokens;
    private final MailboxLimiter limiter;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final Waits waits;

    public GraphClient(URI endpoint, java.util.function.Supplier<HttpClient> http, TokenSource tokens,
                       MailboxLimiter limiter, RetryPolicy retry, Duration timeout, Waits waits) {
        this.endpoint = endpoint;
        this.exchange = new Exchange(http, limiter, waits);
        this.tokens = tokens;
        this.limiter = limiter;
        this.retry = retry;
        this.timeout = timeout;
        this.waits = waits;
    }

    /** A successful answer. */
    public static final class Response {
        private final int status;
        private final String requestId;
        private final String body;

        Response(int status, String requestId, String body) {
            this.status = status;
            this.requestId = requestId;
            this.body = body;
        }

        public int status() { return status; }
        public String requestId() { return requestId; }
        public String body() { return body; }
    }

    /**
     * POSTs to {@code /v1.0/users/{mailbox}/{path}}.
     *
     * @param body    supplies the request body; called again for each attempt, so it must be repeatable
     * @param headers further request headers as name, value pairs (e.g. {@code Prefer})
     */
    public Response post(String mailbox, String path, String contentType, Supplier<HttpRequest.BodyPublisher> body,
                         String... headers) throws GraphException, TokenException {
        return call("POST", mailbox, path, contentType, body, headers);
    }

    /** DELETEs {@code /v1.0/users/{mailbox}/{path}}, e.g. a draft that must not be left behind. */
    public Response delete(String mailbox, String path, String... headers) throws GraphException, TokenException {
        return call("DELETE", mailbox, path, null, HttpRequest.BodyPublishers::noBody, headers);
    }

    /**
     * GETs {@code /v1.0/users/{mailbox}/{path}} once, within {@code timeout}: a throttled answer (429/503) is returned
     * as the GraphException rather than waited out, for a caller that must finish within a bound of its own.
     */
    public Response getOnce(String mailbox, String path, Duration timeout, String... headers)
            throws GraphException, TokenException {
        return call("GET", mailbox, path, null, HttpRequest.BodyPublishers::noBody, timeout, 0, headers);
    }

    private Response call(String method, String mailbox, String path, String contentType,
                          Supplier<HttpRequest.BodyPublisher> body, String... headers)
            throws GraphException, TokenException {
        return call(method, mailbox, path, contentType, body, timeout, retry.retries(), headers);
    }

    private Response call(String method, String mailbox, String path, String contentType,
                          Supplier<HttpRequest.BodyPublisher> body, Duration timeout, int retries, String... headers)
            throws GraphException, TokenException {
        URI uri = URI.create(endpoint + "/v1.0/users/" + encode(mailbox) + "/" + path);
        String clientRequestId = UUID.randomUUID().toString();
        AccessToken token = tokens.token();
        boolean refreshed = false;
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + token.value())
                    .header("client-request-id", clientRequestId)
                    .header("return-client-request-id", "true")
                    .method(method, body.get());
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            HttpRequest request = b.build();
            HttpResponse<String> response = exchange(mailbox, request, clientRequestId);
            int status = response.statusCode();
            Exchange.Answer answer = Exchange.Answer.of(status);
            if (answer == Exchange.Answer.SUCCESS) {
                return new Response(status, response.headers().firstValue("request-id").orElse(null),
                        response.body());
            }
            GraphError error = GraphError.parse(status, response.headers(), response.body(), clientRequestId);
            LOG.log(System.Logger.Level.DEBUG, () -> method + " " + path + " for " + mailbox + " -> " + error);
            if (answer == Exchange.Answer.TOKEN_REFUSED && "InvalidAuthenticationToken".equals(error.code())
                    && !refreshed) {
                refreshed = true;
                token = tokens.refresh(token);
                continue;
            }
            if (answer == Exchange.Answer.AMBIGUOUS) {
                throw new GraphException(GraphException.Outcome.UNCERTAIN, "Graph answered " + error
                        + " after receiving the request: it may have accepted it", error, null);
            }
            if (answer == Exchange.Answer.THROTTLED && attempt < retries) {
                retry.waitBeforeRetry(exchange.waits(), attempt + 1, error, method + " " + path);
                token = tokens.token();
                continue;
            }
            String retried = answer == Exchange.Answer.THROTTLED && retries > 0
                    ? " (still after " + retries + " retries; mail.graph.retries)" : "";
            throw new GraphException(GraphException.Outcome.REJECTED, "Graph answered " + error + retried, error, null);
        }
    }

    /** One exchange; a failure to send is NOT_SENT when nothing left this machine, else UNCERTAIN. */
    private HttpResponse<String> exchange(String mailbox, HttpRequest request, String clientRequestId)
            throws GraphException {
        try {
            return exchange.send(mailbox, request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException | SSLException e) {
            throw new GraphException(GraphException.Outcome.NOT_SENT, "could not reach Graph at " + endpoint + ": "
                    + describe(e) + " (check mail.graph.endpoint, the network path and the trust store)", null, e);
        } catch (IOException e) {
            throw new GraphException(GraphException.Outcome.UNCERTAIN, "no answer from Graph at " + endpoint
                    + " after sending the request (" + describe(e) + ", client-request-id " + clientRequestId
                    + "): it may have been accepted", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException(GraphException.Outcome.UNCERTAIN, "interrupted while waiting for Graph's"
                    + " answer: the request may have been accepted", null, e);
        }
    }

    static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    static String encode(String mailbox) {
        return URLEncoder.encode(mailbox, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@");
    }
}
