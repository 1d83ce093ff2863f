package io.graphmail.engine;

import jakarta.mail.Address;
import jakarta.mail.SendFailedException;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.InternetAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three address lists JavaMail reports after a send — valid sent, valid unsent, invalid — in the
 * {@link TransportEvent} and in the {@link SendFailedException}, mapped from what Graph answered.
 *
 * <p>Microsoft Graph accepts or rejects a message as a whole (docs/graph-behaviour.md §1.2): {@code 202} means
 * Exchange took it for every recipient, any error before the 202 means it took it for none, and recipients that turn
 * out undeliverable after the 202 come back as a non-delivery report in the sender's Inbox, never to the caller. So:
 * <ul>
 *   <li>{@code 202} → {@code MESSAGE_DELIVERED}, every envelope recipient in valid-sent (as Angus SMTP reports a
 *       message the server accepted after DATA: accepted, not yet delivered);</li>
 *   <li>{@code 400 ErrorInvalidRecipients} → {@code MESSAGE_NOT_DELIVERED}, the recipients Graph names in invalid,
 *       all others in valid-unsent: Graph sent the message to nobody, which is Angus's behaviour with
 *       {@code mail.smtp.sendpartial=false} (its default). Graph names only the recipients it could not resolve,
 *       often only the first, so a second bad address may still be listed as valid-unsent;</li>
 *   <li>any other failure (throttling after the retries, network, permissions, size, more than 500 recipients, an
 *       uncertain answer) → {@code MESSAGE_NOT_DELIVERED}, every recipient valid-unsent, none invalid.</li>
 * </ul>
 * {@code MESSAGE_PARTIALLY_DELIVERED} is never reported: with Graph there is no state in which some recipients were
 * sent the message and others not, and graphmail does not resend to the valid rest on its own (that would be a
 * second message the caller did not ask for; the caller can resend to {@code getValidUnsentAddresses()}).
 *
 * <p>Unlike Angus, which leaves unused lists {@code null}, every list here is an array, empty when nothing is in
 * it: listeners written for Angus check for null and still work, and listeners that do not are spared an NPE.
 */
final class RecipientReport {

    private static final Address[] NONE = new Address[0];
    /** How Graph names an unresolved recipient: {@code Recipient "x@y" isn't resolved to any email address.} */
    private static final Pattern UNRESOLVED = Pattern.compile("Recipient \"([^\"]+)\"");

    private final Address[] validSent;
    private final Address[] validUnsent;
    private final Address[] invalid;

    private RecipientReport(Address[] validSent, Address[] validUnsent, Address[] invalid) {
        this.validSent = validSent;
        this.validUnsent = validUnsent;
        this.invalid = invalid;
    }

    /** Graph answered 202: accepted for every recipient. */
    static RecipientReport delivered(List<InternetAddress> recipients) {
        return new RecipientReport(recipients.toArray(NONE), NONE, NONE);
    }

    /** Sent to nobody, for a reason that is not about any one recipient. */
    static RecipientReport notSent(List<InternetAddress> recipients) {
        return new RecipientReport(NONE, recipients.toArray(NONE), NONE);
    }

    /**
     * Sent to nobody because Graph could not resolve some recipients ({@code ErrorInvalidRecipients}).
     *
     * @param graphMessage Graph's error message, which names the unresolved recipients
     */
    static RecipientReport invalidRecipients(List<InternetAddress> recipients, String graphMessage) {
        List<String> named = new ArrayList<>();
        Matcher m = UNRESOLVED.matcher(graphMessage == null ? "" : graphMessage);
        while (m.find()) {
            named.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        List<Address> bad = new ArrayList<>();
        List<Address> rest = new ArrayList<>();
        for (InternetAddress a : recipients) {
            String address = a.getAddress() == null ? "" : a.getAddress().toLowerCase(Locale.ROOT);
            (named.contains(address) ? bad : rest).add(a);
        }
        return new RecipientReport(NONE, rest.toArray(NONE), bad.toArray(NONE));
    }

    /** Sent to nobody because the SMTP server refused these recipients (Angus sends to all or none). */
    static RecipientReport invalidAddresses(List<InternetAddress> recipients, Address[] refused) {
        List<String> named = new ArrayList<>();
        for (Address a : refused) {
            if (a instanceof InternetAddress ia && ia.getAddress() != null) {
                named.add(ia.getAddress().toLowerCase(Locale.ROOT));
            }
        }
        List<Address> bad = new ArrayList<>();
        List<Address> rest = new ArrayList<>();
        for (InternetAddress a : recipients) {
            String address = a.getAddress() == null ? "" : a.getAddress().toLowerCase(Locale.ROOT);
            (named.contains(address) ? bad : rest).add(a);
        }
        return new RecipientReport(NONE, rest.toArray(NONE), bad.toArray(NONE));
    }

    /** @return the TransportEvent type for this outcome */
    int eventType() {
        return validSent.length > 0 ? TransportEvent.MESSAGE_DELIVERED : TransportEvent.MESSAGE_NOT_DELIVERED;
    }

    /** @return the exception a caller gets for this outcome, with the same lists as the event */
    SendFailedException failure(String text, Exception cause) {
        return new SendFailedException(text, cause, validSent.clone(), validUnsent.clone(), invalid.clone());
    }

    Address[] validSent() {
        return validSent.clone();
    }

    Address[] validUnsent() {
        return validUnsent.clone();
    }

    Address[] invalid() {
        return invalid.clone();
    }
}
