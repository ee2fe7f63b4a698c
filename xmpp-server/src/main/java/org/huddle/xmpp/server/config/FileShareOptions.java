package org.huddle.xmpp.server.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.huddle.xmpp.server.api.Options;

/**
 * The options of {@code Component "upload.<domain>" "http_file_share"}, by Prosody's names where
 * Prosody's mod_http_file_share has one (docs/records.md, "Files").
 *
 * @param sizeLimit {@code http_file_share_size_limit}: the largest file, in bytes
 * @param meetingQuota {@code http_file_share_meeting_quota}: the bytes one meeting may upload
 * @param secret {@code http_file_share_secret}: the HMAC key the web role checks slots with
 * @param baseUrl {@code http_file_share_base_url}: where the web role serves {@code /files/}
 * @param allocationUrl {@code http_file_share_allocation_url}: the allocation hook asked with
 *     {@code Kind=FS&Email=<organizer>}, or empty
 * @param hookTimeout how long the hook may take
 * @param slotLifetime how long a PUT URL works
 */
public record FileShareOptions(
    long sizeLimit,
    long meetingQuota,
    byte[] secret,
    String baseUrl,
    String allocationUrl,
    Duration hookTimeout,
    Duration slotLifetime) {

  public static FileShareOptions from(String host, Options o) {
    String secret = o.string("http_file_share_secret", "");
    if (secret.isBlank()) {
      throw new IllegalArgumentException(
          "component "
              + host
              + ": http_file_share_secret (HUDDLE_FILE_SHARE_SECRET) must be set, the same on the"
              + " web role");
    }
    String base = o.string("http_file_share_base_url", "");
    if (base.isBlank()) {
      throw new IllegalArgumentException(
          "component "
              + host
              + ": http_file_share_base_url (HUDDLE_FILE_SHARE_BASE_URL) must name the web role's"
              + " /files URL");
    }
    checkUrl(host, "http_file_share_base_url", base);
    String hook = o.string("http_file_share_allocation_url", "").trim();
    if (!hook.isEmpty()) {
      checkUrl(host, "http_file_share_allocation_url", hook);
    }
    return new FileShareOptions(
        o.bytes("http_file_share_size_limit", "100 MiB"),
        o.bytes("http_file_share_meeting_quota", "1 GiB"),
        secret.getBytes(StandardCharsets.UTF_8),
        stripSlash(base.trim()),
        hook,
        o.duration("http_file_share_allocation_timeout", "3 seconds"),
        Duration.ofMinutes(10));
  }

  private static void checkUrl(String host, String option, String url) {
    URI u;
    try {
      u = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("component " + host + ": " + option + ": not a URL");
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException(
          "component " + host + ": " + option + ": an http:// or https:// URL, not '" + url + "'");
    }
  }

  public static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
