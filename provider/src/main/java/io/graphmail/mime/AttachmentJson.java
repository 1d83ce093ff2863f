package io.graphmail.mime;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.mail.MessagingException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The one writer of Graph's attachment JSON: a {@code fileAttachment} with its bytes in base64 (inside a JSON
 * sendMail, or added to a draft), and the {@code AttachmentItem} that opens an upload session.
 */
public final class AttachmentJson {

    private static final JsonFactory JSON = new JsonFactory();

    /** Where an attachment's bytes come from, read once while the JSON is written. */
    @FunctionalInterface
    interface Bytes {
        InputStream open() throws MessagingException, IOException;
    }

    private AttachmentJson() {
    }

    /** Writes a fileAttachment object; the bytes are streamed into base64 as they are read, never held. */
    static void writeFileAttachment(JsonGenerator g, String name, String contentType, boolean inline, String contentId,
                                    Bytes bytes) throws MessagingException, IOException {
        g.writeStartObject();
        g.writeStringField("@odata.type", "#microsoft.graph.fileAttachment");
        g.writeStringField("name", name);
        g.writeStringField("contentType", contentType);
        g.writeBooleanField("isInline", inline);
        if (contentId != null) g.writeStringField("contentId", contentId);
        g.writeFieldName("contentBytes");
        try (InputStream in = bytes.open()) {
            g.writeBinary(in, -1);
        }
        g.writeEndObject();
    }

    /** The body of {@code POST .../messages/{id}/attachments} for a part under the upload-session minimum. */
    public static byte[] fileAttachment(AttachmentPart a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
                a.size() * 4 / 3 + 512));
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            writeFileAttachment(g, a.name(), a.contentType(), a.inline(), a.contentId(), a::open);
        } catch (MessagingException e) {
            throw new IOException(e.getMessage(), e);   // AttachmentPart.open throws IOException only
        }
        return out.toByteArray();
    }

    /** The body of {@code POST .../attachments/createUploadSession} for a part. */
    public static byte[] uploadSessionItem(AttachmentPart a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("AttachmentItem");
            g.writeStringField("attachmentType", "file");
            g.writeStringField("name", a.name());
            g.writeNumberField("size", a.size());
            g.writeStringField("contentType", a.contentType());
            g.writeBooleanField("isInline", a.inline());
            if (a.contentId() != null) g.writeStringField("contentId", a.contentId());
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
