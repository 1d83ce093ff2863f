package io.graphmail.mime;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimePart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Splits a message too big for one Graph request into a draft and the attachments added to it afterwards
 * (docs/graph-behaviour.md §2): every leaf attachment of {@value #UPLOAD_SESSION_MIN} bytes or more (Graph takes those
 * only through upload sessions), then more of the largest remaining ones until the draft's base64 fits one request.
 * Parts inside signed or encrypted content are never taken out: that would break the signature.
 */
public final class LargeParts {

    /** Attachments this large need an upload session; smaller ones may not use one (docs/graph-behaviour.md §2.3). */
    public static final long UPLOAD_SESSION_MIN = 3L * 1024 * 1024;

    private final DraftMime draft;
    private final List<AttachmentPart> removed;

    private LargeParts(DraftMime draft, List<AttachmentPart> removed) {
        this.draft = draft;
        this.removed = removed;
    }

    /**
     * @param submission   the message as submitted; {@link MimeSubmission#size()} must have been called
     * @param requestLimit the largest base64 request body Graph takes
     * @throws MessagingException when even without all its attachments the draft does not fit, or the MIME is broken
     */
    public static LargeParts choose(MimeSubmission submission, long requestLimit) throws MessagingException, IOException {
        List<AttachmentPart> candidates = new ArrayList<>();
        boolean sealed = collect(submission.message(), candidates, true);
        List<AttachmentPart> removed = new ArrayList<>();
        List<AttachmentPart> rest = new ArrayList<>();
        for (AttachmentPart a : candidates) {
            (a.size() >= UPLOAD_SESSION_MIN ? removed : rest).add(a);
        }
        rest.sort(Comparator.comparingLong(AttachmentPart::size).reversed());
        while (true) {
            DraftMime draft = new DraftMime(submission, parts(removed));
            long base64 = MimeSubmission.base64Length(draft.size());
            if (base64 <= requestLimit) {
                return new LargeParts(draft, List.copyOf(removed));
            }
            if (rest.isEmpty() && sealed) {
                throw new MessagingException("the message is signed or encrypted (S/MIME or PGP) and " + base64
                        + " bytes of base64 even without the attachments outside its signed or encrypted content,"
                        + " over Graph's limit of " + requestLimit + " for one request: signed or encrypted content"
                        + " cannot be split into a draft and uploaded attachments without breaking it, and Graph takes"
                        + " S/MIME content only up to 4 MB; send the large files unsigned, or as a link");
            }
            if (rest.isEmpty()) {
                throw new MessagingException("the message is too large for one Graph request even without its "
                        + removed.size() + " attachment(s): its text, headers and remaining parts take " + base64
                        + " bytes of base64, over Graph's limit of " + requestLimit + "; send large content as"
                        + " attachments (parts with a file name or Content-Disposition), not in the body");
            }
            removed.add(rest.remove(0));
        }
    }

    /** @return whether signed or encrypted content was found (and left whole) */
    private static boolean collect(Part part, List<AttachmentPart> out, boolean root)
            throws MessagingException, IOException {
        if (sealed(part, root)) {
            return true;   // a signature covers these exact bytes: no part of them may be taken out
        }
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            boolean sealed = false;
            for (int i = 0; i < mp.getCount(); i++) {
                sealed |= collect(mp.getBodyPart(i), out, false);
            }
            return sealed;
        }
        // the root of a single-part message cannot be left out of its own draft
        if (!root && part instanceof MimePart && part instanceof BodyPart
                && AttachmentPart.isAttachment((MimePart) part)) {
            out.add(AttachmentPart.of((MimePart) part));
        }
        return false;
    }

    /**
     * S/MIME (RFC 8551) and PGP/MIME (RFC 3156) containers: their bytes must reach Graph exactly as written. An
     * application/pkcs7-mime leaf below the root is an attached file, which may move whole into an upload.
     */
    static boolean sealed(Part part, boolean root) throws MessagingException {
        return part.isMimeType("multipart/signed") || part.isMimeType("multipart/encrypted")
                || (root && (part.isMimeType("application/pkcs7-mime") || part.isMimeType("application/x-pkcs7-mime")));
    }

    private static Set<Part> parts(List<AttachmentPart> list) {
        Set<Part> set = Collections.newSetFromMap(new IdentityHashMap<>());
        for (AttachmentPart a : list) set.add(a.part());
        return set;
    }

    /** @return the draft: the message without the removed parts */
    public DraftMime draft() {
        return draft;
    }

    /** @return the parts left out of the draft, to attach to it, in message order of choice */
    public List<AttachmentPart> removed() {
        return removed;
    }
}
