package org.huddle.xmpp.server.features.component;

import java.util.regex.Pattern;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;

/**
 * An XEP-0363 §4 slot request: {@code <request xmlns='urn:xmpp:http:upload:0' filename='a.pdf'
 * size='1024' content-type='application/pdf'/>}, with Huddle's optional {@code <meeting
 * xmlns='urn:huddle:file-share:0' room='room@muc'/>} child naming the meeting.
 *
 * @param filename the name the uploader gave (kept in the records; the stored key is a safe form)
 * @param size the declared size in bytes
 * @param contentType a plain {@code type/subtype}, or {@code application/octet-stream}
 * @param room the meeting named, or null
 */
record SlotRequest(String filename, long size, String contentType, Jid room) {
  /** A request over the size limit: §5's {@code not-acceptable} with {@code file-too-large}. */
  static final class TooLarge extends Exception {
    TooLarge(String message) {
      super(message);
    }
  }

  private static final Pattern TYPE =
      Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,127}");

  /** Reads requests against a size limit. */
  record Reader(long sizeLimit) {
    /**
     * @throws IllegalArgumentException naming what is malformed (answered {@code bad-request})
     * @throws TooLarge for a file over the limit
     */
    SlotRequest read(Element request) throws TooLarge {
      String filename = request.attr("filename");
      if (filename == null || filename.isBlank() || filename.length() > 255) {
        throw new IllegalArgumentException("filename: 1 to 255 characters");
      }
      if (filename.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\')) {
        throw new IllegalArgumentException("filename: no slashes or control characters");
      }
      long size;
      try {
        size = Long.parseLong(request.attrOr("size", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("size: a number of bytes");
      }
      if (size < 1) {
        throw new IllegalArgumentException("size: at least 1 byte");
      }
      if (size > sizeLimit) {
        throw new TooLarge("the file is larger than " + sizeLimit + " bytes");
      }
      String type = request.attr("content-type");
      if (type == null || !TYPE.matcher(type.trim()).matches()) {
        type = "application/octet-stream";
      }
      Element meeting = request.child("meeting", HttpFileShare.MEETING);
      Jid room = null;
      if (meeting != null) {
        room = Jid.ofOrNull(meeting.attr("room"));
        if (room == null || room.local() == null || room.resource() != null) {
          throw new IllegalArgumentException("meeting: room must be a room's bare JID");
        }
      }
      return new SlotRequest(filename, size, type.trim().toLowerCase(java.util.Locale.ROOT), room);
    }
  }
}
