package io.graphmail.sandbox;

/**
 * An attachment of a captured message.
 *
 * @param name the file name, or null
 * @param contentType the MIME type without parameters
 * @param size decoded size in bytes
 * @param inline whether it is an inline (CID) part
 * @param contentId the Content-ID without angle brackets, or null
 */
public record CapturedAttachment(String name, String contentType, long size, boolean inline, String contentId) {
}
