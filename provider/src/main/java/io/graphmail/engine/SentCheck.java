package io.graphmail.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphmail.graph.Json;
import io.graphmail.auth.TokenException;
import io.graphmail.graph.GraphClient;
import io.graphmail.graph.GraphException;
import io.graphmail.graph.Waits;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Finds out, after {@code POST .../messages/{id}/send} got no clear answer, whether Graph sent the draft: the
 * documented pattern of docs/graph-behaviour.md §3. The draft was created with an immutable id; a GET by that id
 * answers the message, which is either the copy in Sent Items ({@code isDraft: false}: "a message is a draft if it
 * hasn't been sent yet", §3) or still the unsent draft.
 *
 * <p>The copy in Sent Items "is not created until the message successfully sends, which may take time" (§3), so a
 * single look right after the send proves little: it looks up to {@link #WAITS}.size() times, waiting 0, 1 and 2 s
 * before the looks, and never longer than {@link #WINDOW} in all (each look's timeout is the smaller of
 * {@code mail.graph.timeout} and what is left of the window). A look is one request: a throttled look is not waited
 * out, since the window is the bound the caller was promised. The verdict:
 * <ul>
 * <li>{@link Verdict#SENT}: some look found {@code isDraft: false}.</li>
 * <li>{@link Verdict#UNSENT_IN_DRAFTS}: the last look, at the end of the window, found the message unsent and its
 *     {@code parentFolderId} the Drafts folder's id. As §3 says: still a draft in Drafts means not sent.</li>
 * <li>{@link Verdict#UNKNOWN}: everything else. A 404 is what a message on its way looks like (and what the draft's
 *     id answers for ever where, as reported, sending gives the Sent Items copy a new id: docs/graph-behaviour.md §3);
 *     an unsent message outside Drafts is in the Outbox, on its way; any other
 *     failure of a look (403, throttling, no answer) ends the looking, knowing nothing.</li>
 * </ul>
 */
final class SentCheck {

    /** The waits before the looks: three looks within about 3 s. */
    static final List<Duration> WAITS = List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2));
    /** The longest the looking may take, requests included. */
    static final Duration WINDOW = Duration.ofSeconds(5);

    /** The header applies only to the request that carries it (docs/graph-behaviour.md §3): every look carries it. */
    static final String[] IMMUTABLE_ID = {"Prefer", "IdType=\"ImmutableId\""};

    /** What the looks found. */
    enum Verdict { SENT, UNSENT_IN_DRAFTS, UNKNOWN }

    /**
     * @param evidence  what was seen, for the log and the exception text ("looked the message up ... : ...")
     * @param requestId Graph's request-id of the look that decided, or null
     */
    record Result(Verdict verdict, String evidence, String requestId) {
    }

    private final GraphClient graph;
    private final Duration timeout;
    private final List<Duration> waits;
    private final Duration window;
    private final Waits clock;

    SentCheck(GraphClient graph, Duration timeout, Waits clock) {
        this(graph, timeout, WAITS, WINDOW, clock);
    }

    SentCheck(GraphClient graph, Duration timeout, List<Duration> waits, Duration window, Waits clock) {
        this.graph = graph;
        this.timeout = timeout;
        this.waits = List.copyOf(waits);
        this.window = window;
        this.clock = clock;
    }

    /** Looks the message up by its immutable id; never throws: what cannot be learnt is {@link Verdict#UNKNOWN}. */
    Result check(String mailbox, String immutableId) {
        return check(mailbox, immutableId, waits);
    }

    /** One look, for a draft whose send was attempted long enough ago that its copy would show by now. */
    Result look(String mailbox, String immutableId) {
        return check(mailbox, immutableId, List.of(Duration.ZERO));
    }

    private Result check(String mailbox, String immutableId, List<Duration> waits) {
        long start = clock.nanoTime();
        long deadline = start + window.toNanos();
        String path = "messages/" + URLEncoder.encode(immutableId, StandardCharsets.UTF_8);
        String draftsFolder = null;
        String last = "not looked up";
        Verdict verdict = Verdict.UNKNOWN;
        int looks = 0;
        for (Duration wait : waits) {
            if (!sleep(wait, deadline)) {
                break;
            }
            Duration left = Duration.ofNanos(deadline - clock.nanoTime());
            if (left.isNegative() || left.isZero()) {
                break;
            }
            Duration lookTimeout = timeout.compareTo(left) < 0 ? timeout : left;
            looks++;
            try {
                GraphClient.Response r = graph.getOnce(mailbox, path, lookTimeout, IMMUTABLE_ID);
                JsonNode message = Json.mapper().readTree(r.body());
                JsonNode isDraft = message.get("isDraft");
                if (isDraft == null || !isDraft.isBoolean()) {
                    return result(Verdict.UNKNOWN, looks, start, "Graph's answer has no isDraft", r.requestId());
                }
                if (!isDraft.asBoolean()) {
                    return result(Verdict.SENT, looks, start, "it is the sent message (isDraft false)",
                            r.requestId());
                }
                if (draftsFolder == null) {
                    draftsFolder = folderId(mailbox, lookTimeout);
                }
                boolean inDrafts = draftsFolder.equals(message.path("parentFolderId").asText(null));
                verdict = inDrafts ? Verdict.UNSENT_IN_DRAFTS : Verdict.UNKNOWN;
                last = inDrafts ? "it is still an unsent draft in Drafts (request-id " + r.requestId() + ")"
                        : "it is unsent and no longer in Drafts, so on its way (request-id " + r.requestId() + ")";
            } catch (GraphException e) {
                if (e.error() == null || e.error().status() != 404) {
                    return result(Verdict.UNKNOWN, looks, start, "the lookup failed: " + e.getMessage(), null);
                }
                verdict = Verdict.UNKNOWN;
                last = "not found (" + e.error().code() + "): a message on its way is not found until its copy"
                        + " in Sent Items exists";
            } catch (TokenException | IOException | RuntimeException e) {
                return result(Verdict.UNKNOWN, looks, start, "the lookup failed: " + e.getMessage(), null);
            }
        }
        return result(verdict, looks, start, last, null);
    }

    /** The id of the mailbox's Drafts folder: parentFolderId is opaque, the well-known name resolves it. */
    private String folderId(String mailbox, Duration lookTimeout) throws GraphException, TokenException,
            IOException {
        GraphClient.Response r = graph.getOnce(mailbox, "mailFolders/drafts", lookTimeout);
        String id = Json.mapper().readTree(r.body()).path("id").asText(null);
        if (id == null) {
            throw new IOException("Graph answered the Drafts folder without an id (request-id " + r.requestId()
                    + ")");
        }
        return id;
    }

    private Result result(Verdict verdict, int looks, long start, String what, String requestId) {
        long ms = (clock.nanoTime() - start) / 1_000_000;
        return new Result(verdict, "looked the message up by its immutable id " + looks
                + (looks == 1 ? " time" : " times") + " in " + ms + " ms: " + what, requestId);
    }

    /** @return false when the wait would pass the deadline, or the thread was interrupted */
    private boolean sleep(Duration wait, long deadline) {
        if (wait.isZero()) {
            return true;
        }
        if (clock.nanoTime() + wait.toNanos() >= deadline) {
            return false;
        }
        try {
            clock.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
