package org.huddle.web.files;

import java.util.Locale;
import java.util.Map;

/**
 * The Content-Type a shared file is served with, from its name's extension: the types a browser
 * shows without running anything (pictures, PDF, plain text, audio, video), and {@code
 * application/octet-stream} for everything else, HTML and SVG included, so that an upload can never
 * become a page of this origin.
 */
final class SafeTypes {
  private static final Map<String, String> INLINE =
      Map.ofEntries(
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("txt", "text/plain;charset=utf-8"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("webm", "video/webm"));

  private SafeTypes() {}

  static String forName(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return INLINE.getOrDefault(ext, "application/octet-stream");
  }

  static boolean inline(String type) {
    return !type.equals("application/octet-stream");
  }
}
